package io.tarn.camel;

import io.tarn.Ingest;
import io.tarn.location.Location;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The options of a tarn endpoint: here the lake, the producer's operations and the change feed; the gc, memo and
 * consumer options in the superclasses {@link TarnGcOptions}, {@link TarnMemoOptions} and {@link TarnConsumerOptions}.
 * <p>
 * Camel's tooling reads the options of a {@code @UriParams} class's superclasses too (as camel-ftp's
 * {@code FtpConfiguration} extends {@code RemoteFileConfiguration}), so the groups form a chain of superclasses: every
 * option, getter and setter stays one of this class, for the endpoint, the component's {@code configuration} and Spring
 * Boot alike. (A nested {@code @UriParams} field would not do: Camel's configurers reach one level down only.)
 */
@UriParams
public class TarnConfiguration extends TarnConsumerOptions implements Cloneable {

    @UriParam(label = "producer", defaultValue = "write", description = "The operation to perform; the CamelTarnOperation header overrides it.")
    private TarnOperation operation = TarnOperation.write;

    @UriParam(description = "The location tree holding the lake: a location spec such as"
                            + " levels(small(#hot, 100KiB), /mnt/ssd/lake, /mnt/nfs/lake) (in an endpoint URI, wrap it in"
                            + " RAW(...)), or a reference to a bean of type io.tarn.location.Location (#myLocation)."
                            + " Takes precedence over root.")
    private Location location;

    @UriParam(description = "The folder of a plain disk lake (Python tarn's format). When neither location nor root is"
                            + " given, the lake is the folder named after the endpoint under the component's baseDirectory."
                            + " Only a write creates the lake: any other operation on a folder without one fails with"
                            + " LakeNotFoundException naming the folder, and a consumer waits for a writer to create it.")
    private String root;

    @UriParam(label = "producer", description = "write: replace the body with the key (claim check). read: the key is taken from the body.")
    private boolean bodyAsKey;

    @UriParam(label = "producer", description = "read and fetch: when a key is missing, set CamelTarnFound=false (and a null body for read)"
                            + " instead of failing with KeyNotFoundException. A missing lake still fails, with"
                            + " LakeNotFoundException: a mistyped root or lake name must not read as a missing key.")
    private boolean ignoreMissing;

    @UriParam(label = "producer", description = "Re-hash every value as it is read: a corrupt copy is deleted and read"
                                                + " from a lower level instead (which heals it); with no intact copy a"
                                                + " CorruptionException names the key. Costs a second read of each value.")
    private boolean verifiedReads;

    @UriParam(label = "producer", description = "Where large incoming values (over 64 KiB) are staged while they are"
                                                + " hashed. Default: the .tmp/ folder of the first disk of the tree that"
                                                + " may store the value (so that storing it is a link), the next one when"
                                                + " that one is full, then a private temporary folder. Give one for trees"
                                                + " without a writable disk; it should be on the file system of the disk"
                                                + " that stores the values, else they are copied.")
    private String spoolFolder;

    // the descriptor names the constants (any case converts): camel-spring-boot's generator writes the default into
    // the starter's Java source as Ingest.COPY
    @UriParam(label = "producer", defaultValue = "COPY", enums = "COPY,MOVE,LINK",
              description = "write: what storing a local file body (a file consumer's file, a File or a Path) does to"
                            + " it. copy leaves it. move takes it into the lake: a file of 16 MiB or more of this user"
                            + " with no other name, on the file system of the disk that stores it, becomes the stored"
                            + " value itself (made read-only and hard-linked into place, no byte copied), any other"
                            + " file is copied; its name is removed once the value is stored, and only if the file did"
                            + " not change meanwhile (a file a process still holds open for writing, or that changes"
                            + " while it is hashed, is refused and left as it was). Under a file consumer that moves"
                            + " its files after processing (neither noop nor delete) the name is left for it to move,"
                            + " as link does. link: as move, and the name stays (the file and the stored value are"
                            + " then one read-only file).")
    private Ingest ingest = Ingest.COPY;

    @UriParam(label = "producer", description = "verify: also remove the foreign entries it reports (symbolic links,"
                                                + " folders and special files where values or temporary files belong;"
                                                + " a link is removed, never followed).")
    private boolean removeForeign;

    @UriParam(label = "producer", description = "list: start after this key (the last key of the previous page); keys"
                                                + " come in ascending order.")
    private String listFrom;

    @UriParam(label = "producer", description = "list: the most keys one list gives (0 or less: no limit); with listFrom"
                                                + " it pages through a lake.")
    private int listLimit;

    @UriParam(description = "The change feed of the lake: a Camel endpoint URI, such as a kafka: URI naming the topic"
                            + " and its brokers option (with camel-kafka among the dependencies; in an endpoint URI wrap a"
                            + " URI with more than one option in RAW(...)). Every value a write stores is published there once the lake has"
                            + " acknowledged it (a publish never fails the write: on a feed that cannot be reached the"
                            + " value is left to the full scan). A consumer with groupId reads the feed as that consumer"
                            + " group instead of scanning the lake. Give it on the component (camel.component.tarn.changes)"
                            + " so that every writer and consumer of the lake uses the same feed.")
    private String changes;

    public TarnOperation getOperation() {
        return operation;
    }

    public void setOperation(TarnOperation operation) {
        this.operation = operation;
    }

    public Location getLocation() {
        return location;
    }

    /** A location tree; a spec given as text is built by the component (see {@link LocationConverter}). */
    public void setLocation(Location location) {
        this.location = location;
    }

    public String getRoot() {
        return root;
    }

    public void setRoot(String root) {
        this.root = root;
    }

    public boolean isBodyAsKey() {
        return bodyAsKey;
    }

    public void setBodyAsKey(boolean bodyAsKey) {
        this.bodyAsKey = bodyAsKey;
    }

    public boolean isIgnoreMissing() {
        return ignoreMissing;
    }

    public void setIgnoreMissing(boolean ignoreMissing) {
        this.ignoreMissing = ignoreMissing;
    }

    public boolean isVerifiedReads() {
        return verifiedReads;
    }

    public void setVerifiedReads(boolean verifiedReads) {
        this.verifiedReads = verifiedReads;
    }

    public String getSpoolFolder() {
        return spoolFolder;
    }

    public void setSpoolFolder(String spoolFolder) {
        this.spoolFolder = spoolFolder;
    }

    public Ingest getIngest() {
        return ingest;
    }

    public void setIngest(Ingest ingest) {
        this.ingest = ingest;
    }

    public boolean isRemoveForeign() {
        return removeForeign;
    }

    public void setRemoveForeign(boolean removeForeign) {
        this.removeForeign = removeForeign;
    }

    public String getListFrom() {
        return listFrom;
    }

    public void setListFrom(String listFrom) {
        this.listFrom = listFrom;
    }

    public int getListLimit() {
        return listLimit;
    }

    public void setListLimit(int listLimit) {
        this.listLimit = listLimit;
    }

    public String getChanges() {
        return changes;
    }

    public void setChanges(String changes) {
        this.changes = changes;
    }

    /** The changes URI, or null when none is given. */
    String changesUri() {
        return changes == null || changes.isBlank() ? null : changes.trim();
    }

    public TarnConfiguration copy() {
        try {
            return (TarnConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }
}

package io.tarn.camel;

import io.tarn.location.Location;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The options of a tarn endpoint's {@code memo} operation: the sub-route it memoizes, what makes its key, and where
 * its index is.
 * <p>
 * A superclass of {@link TarnConfiguration}, which says why.
 */
@UriParams
public abstract class TarnMemoOptions extends TarnGcOptions {

    @UriParam(label = "memo", description = "memo: the sub-route to memoize, by the URI it consumes from (direct:step)."
                                            + " Its definition and the code of the processors and beans it calls make"
                                            + " the code fingerprint.")
    private String memoRoute;

    @UriParam(label = "memo", description = "memo: comma-separated headers whose values are part of the memo key.")
    private String memoHeaders;

    @UriParam(label = "memo", description = "memo: comma-separated headers set by the sub-route that are stored with"
                                            + " its output and restored (as Strings) on a hit.")
    private String memoOutputHeaders;

    @UriParam(label = "memo", description = "memo: the location of the memo index: a location spec (such as redis:cache:6379,"
                                            + " in an endpoint URI wrapped in RAW(...)) or a reference to a bean of type"
                                            + " io.tarn.location.Location (#memoIndex); Redis or S3 share results between"
                                            + " machines. Default: tools/memo in the lake's first disk folder.")
    private Location memoIndex;

    @UriParam(label = "memo", description = "memo: comma-separated packages whose classes all count as @Unstable:"
                                            + " a change to their code invalidates the memoized results that use them.")
    private String unstablePackages;

    public String getMemoRoute() {
        return memoRoute;
    }

    public void setMemoRoute(String memoRoute) {
        this.memoRoute = memoRoute;
    }

    public String getMemoHeaders() {
        return memoHeaders;
    }

    public void setMemoHeaders(String memoHeaders) {
        this.memoHeaders = memoHeaders;
    }

    public String getMemoOutputHeaders() {
        return memoOutputHeaders;
    }

    public void setMemoOutputHeaders(String memoOutputHeaders) {
        this.memoOutputHeaders = memoOutputHeaders;
    }

    public Location getMemoIndex() {
        return memoIndex;
    }

    public void setMemoIndex(Location memoIndex) {
        this.memoIndex = memoIndex;
    }

    public String getUnstablePackages() {
        return unstablePackages;
    }

    public void setUnstablePackages(String unstablePackages) {
        this.unstablePackages = unstablePackages;
    }
}

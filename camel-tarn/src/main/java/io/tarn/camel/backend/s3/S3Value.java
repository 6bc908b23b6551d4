package io.tarn.camel.backend.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import io.tarn.Value;

/**
 * A value stored in S3, streamed from the server. The first {@link #open()} hands out the response of the GET that
 * found it (when there was one); every later open GETs the object again. A stream closed before its end aborts the
 * connection rather than draining the rest of a large object; {@link #close()} releases a response nobody opened.
 */
final class S3Value implements Value {
    private final S3Objects objects;
    private final String name;
    private final long size;
    private final String where;
    private ResponseInputStream<GetObjectResponse> first;

    /**
     * @param first the response of the GET that found the value, or null to GET on first open
     */
    S3Value(S3Objects objects, String name, long size, ResponseInputStream<GetObjectResponse> first, String where) {
        this.objects = objects;
        this.name = name;
        this.size = size;
        this.first = first;
        this.where = where;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream open() throws IOException {
        ResponseInputStream<GetObjectResponse> response;
        synchronized (this) {
            response = first;
            first = null;
        }
        if (response == null) {
            try {
                response = objects.get(name).orElseThrow(() -> new IOException(
                        name + " is no longer in " + where + ": it was deleted while being read"));
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(where + " could not read " + name + ": " + e, e);
            }
        }
        return new Aborting(response, size);
    }

    @Override
    public void close() {
        ResponseInputStream<GetObjectResponse> response;
        synchronized (this) {
            response = first;
            first = null;
        }
        if (response != null) {
            response.abort();
            try {
                response.close();
            } catch (IOException e) {
                // the connection is aborted already; nothing left to release
            }
        }
    }

    @Override
    public String toString() {
        return where + "/" + name;
    }

    /** Aborts the HTTP response when closed before its end, so that closing early costs nothing. */
    private static final class Aborting extends FilterInputStream {
        private final ResponseInputStream<?> response;
        private final long size;
        private long read;
        private boolean ended;

        Aborting(ResponseInputStream<?> response, long size) {
            super(response);
            this.response = response;
            this.size = size;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count(n);
            return n;
        }

        private void count(int n) {
            if (n < 0) {
                ended = true;
            } else {
                read += n;
                ended |= size >= 0 && read >= size;
            }
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                response.abort();
            }
            super.close();
        }
    }
}

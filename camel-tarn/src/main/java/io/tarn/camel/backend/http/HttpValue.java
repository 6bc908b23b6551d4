package io.tarn.camel.backend.http;

import java.io.IOException;
import java.io.InputStream;

import io.tarn.Value;

/**
 * A value read over HTTP. The response of the read that found it is handed out by the first {@link #open()}, so a
 * value read once costs one request; each later open asks the server again. The body is the server's stream, never
 * copied into memory. {@link #close()} releases that first response if nobody opened it.
 */
final class HttpValue implements Value {
    private final HttpLocation location;
    private final String path;
    private final long size;
    private HttpLocation.Response first;

    HttpValue(HttpLocation location, String path, HttpLocation.Response response) {
        this.location = location;
        this.path = path;
        this.size = response.length();
        this.first = response;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public synchronized InputStream open() throws IOException {
        if (first != null) {
            InputStream body = first.body();
            first = null;
            return body == null ? InputStream.nullInputStream() : body;
        }
        HttpLocation.Response again;
        try {
            again = location.get(path, "GET");
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
        if (again.status() != 200) {
            again.close();
            throw new IOException(location.reachability().location() + " answered " + again.status()
                                  + " when reading " + path + " again: the value was removed from the lake while in use");
        }
        return again.body() == null ? InputStream.nullInputStream() : again.body();
    }

    @Override
    public synchronized void close() throws IOException {
        if (first != null) {
            first.close();
            first = null;
        }
    }

    @Override
    public String toString() {
        return location.base() + path;
    }
}

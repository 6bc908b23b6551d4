package io.tarn.camel.backend.ssh;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;

/**
 * One file streamed from the server by the scp source protocol ({@code scp -f path}) on an exec channel: the bytes
 * are read as the caller reads them, never buffered whole. Closing releases the channel, read to the end or not.
 */
final class ScpSource extends InputStream {
    private final ChannelExec channel;
    private final InputStream in;
    private final OutputStream out;
    private long remaining;
    private boolean closed;

    private ScpSource(ChannelExec channel, InputStream in, OutputStream out, long size) {
        this.channel = channel;
        this.in = in;
        this.out = out;
        this.remaining = size;
    }

    static InputStream open(Session session, String path, int timeoutMillis) throws JSchException, IOException {
        ChannelExec channel = (ChannelExec) session.openChannel("exec");
        try {
            channel.setCommand("scp -f " + quote(path));
            OutputStream out = channel.getOutputStream();
            InputStream in = channel.getInputStream();
            channel.connect(timeoutMillis);
            ack(out);
            int type = in.read();
            String line = line(in);
            if (type != 'C') {
                // 1 and 2 are scp's warning and error replies, with the reason on the line
                if (type == 1 || type == 2) {
                    throw new FileNotFoundException("scp could not send " + path + ": " + line);
                }
                throw new IOException("scp sent an unexpected reply for " + path + ": " + (char) type + line);
            }
            // C<mode> <size> <name>
            String[] fields = line.split(" ", 3);
            long size = Long.parseLong(fields[1]);
            ack(out);
            return new ScpSource(channel, in, out, size);
        } catch (JSchException | IOException | RuntimeException e) {
            channel.disconnect();
            throw e;
        }
    }

    private static void ack(OutputStream out) throws IOException {
        out.write(0);
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("scp: the connection ended in the middle of a reply");
            }
            bytes.write(c);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Keys are hex and roots are chosen by the user: quote anything beyond plain path characters for the shell. */
    static String quote(String path) {
        if (path.matches("[A-Za-z0-9._/+-]+")) {
            return path;
        }
        return "'" + path.replace("'", "'\\''") + "'";
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            throw new IOException("scp: the connection ended with " + remaining + " bytes still to come");
        }
        remaining -= n;
        if (remaining == 0) {
            // the sender's final status byte, then our acknowledgement
            int status = in.read();
            if (status != 0) {
                throw new IOException("scp reported a failure at the end of the file: " + line(in));
            }
            ack(out);
        }
        return n;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            channel.disconnect();
        }
    }
}

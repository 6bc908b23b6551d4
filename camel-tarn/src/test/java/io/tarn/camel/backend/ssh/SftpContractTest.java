package io.tarn.camel.backend.ssh;

import org.apache.camel.CamelContext;

/** The remote location contract on an SFTP server. */
class SftpContractTest extends SshLocationContract {
    @Override
    protected SshLocation create(CamelContext context, SshSettings settings) {
        return new SftpLocation(context, settings);
    }
}

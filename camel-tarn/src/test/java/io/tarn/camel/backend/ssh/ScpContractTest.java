package io.tarn.camel.backend.ssh;

import org.apache.camel.CamelContext;

/** The remote location contract on an SCP server. */
class ScpContractTest extends SshLocationContract {
    @Override
    protected SshLocation create(CamelContext context, SshSettings settings) {
        return new ScpLocation(context, settings);
    }
}

package io.tarn.camel.backend.ssh;

/** The remote location contract over SCP with the lake at an absolute path outside the login folder. */
class ScpAbsoluteRootContractTest extends ScpContractTest {
    @Override
    protected String lakeRoot(int number) {
        return "/srv/lake-" + number;
    }
}

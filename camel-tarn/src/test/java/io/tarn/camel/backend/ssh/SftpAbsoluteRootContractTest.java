package io.tarn.camel.backend.ssh;

/** The remote location contract over SFTP with the lake at an absolute path outside the login folder. */
class SftpAbsoluteRootContractTest extends SftpContractTest {
    @Override
    protected String lakeRoot(int number) {
        return "/srv/lake-" + number;
    }
}

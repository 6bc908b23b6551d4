package io.tarn;

import java.util.List;

import io.tarn.format.DiskConfig;

/**
 * What Python's {@code hashlib} (3.11) gives for three inputs under every algorithm tarn's config can name, and the
 * lake of {@code src/test/resources/tarn-py-hashes/} that Python tarn wrote with it. Made with
 * <pre>
 * for n, kw in [('md5', {}), ..., ('blake2b', {'digest_size': 32}), ...]:
 *     [getattr(hashlib, n)(v, **kw).hexdigest() for v in (b'', b'hello world\n', (b'0123456789abcdef' * 63)[:1000])]
 * </pre>
 */
public final class HashVectors {
    public static final byte[] EMPTY = new byte[0];
    public static final byte[] HELLO = TestData.utf8("hello world\n");
    public static final byte[] PATTERN = TestData.utf8("0123456789abcdef".repeat(63).substring(0, 1000));

    /**
     * @param lake       the folder under tarn-py-hashes/ that Python tarn wrote with this hash, or null for none
     * @param hashYaml   the value of {@code hash:} in config.yml (YAML flow style)
     * @param digestSize hashlib's {@code digest_size}
     * @param empty      the hex digest of no bytes
     * @param hello      of {@link #HELLO}
     * @param pattern    of {@link #PATTERN} (several blocks of every algorithm)
     */
    public record Vector(String lake, String hashYaml, int digestSize, String empty, String hello, String pattern) {
        /** The algorithm as a lake's config.yml names it. */
        public HashAlgorithm algorithm() {
            return DiskConfig.parse("hash: " + hashYaml + "\n", "hash: " + hashYaml).hash();
        }

        @Override
        public String toString() {
            return hashYaml;
        }
    }

    public static final List<Vector> ALL = List.of(
            new Vector("md5", "md5", 16,
                    "d41d8cd98f00b204e9800998ecf8427e",
                    "6f5902ac237024bdd0c176cb93063dc4",
                    "d38365ddfe58a9bc1d2298f5bb17af48"),
            new Vector("sha1", "sha1", 20,
                    "da39a3ee5e6b4b0d3255bfef95601890afd80709",
                    "22596363b3de40b06f981fb85d82312e8c0ed511",
                    "ad7cb600a40a4de031b90e5e53b7a98fac3620f6"),
            new Vector("sha224", "sha224", 28,
                    "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f",
                    "95041dd60ab08c0bf5636d50be85fe9790300f39eb84602858a9b430",
                    "7344069f66f98fc3e8f1ef920db599b4c321a0aa85faf692d9cc6f17"),
            new Vector("sha256", "sha256", 32,
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                    "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447",
                    "3e918709dd35766bdbe95e5460b5ab044f883fcc1e5ff2ca705928b6ee4cb89d"),
            new Vector("sha384", "sha384", 48,
                    "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b",
                    "6b3b69ff0a404f28d75e98a066d3fc64fffd9940870cc68bece28545b9a75086b343d7a1366838083e4b8f3ca6fd3c80",
                    "feb1a9faaf15864b6253db86aae764cbaed0d4e2845097ed6de95c01a9a991142f5a2a76dd7f7fcf33b37bbb309b7af9"),
            new Vector("sha512", "sha512", 64,
                    "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
                    "db3974a97f2407b7cae1ae637c0030687a11913274d578492558e39c16c017de84eacdc8c62fe34ee4e12b4b1428817f09b6a2760c3f8a664ceae94d2434a593",
                    "cbfff758275b7c0da549cfcb650762c9323ecf85b2ce80b7fc57f04b9a965da27532023a81052f5d992a83b2dbba687e49b0382455c182219c8e7456272a05e0"),
            new Vector("sha3_224", "sha3_224", 28,
                    "6b4e03423667dbb73b6e15454f0eb1abd4597f9a1b078e3f5b5a6bc7",
                    "7eda3e8d26f147821a258850956f9ed640fb0b3a8a04ae56a2f58a32",
                    "6773bd126eb9ebd0c19867cbe22ea661757af2804d5191366259b727"),
            new Vector("sha3_256", "sha3_256", 32,
                    "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a",
                    "a8009a7a528d87778c356da3a55d964719e818666a04e4f960c9e2439e35f138",
                    "80c627556547e2daf600fc745584ab46f1b4c6d731fbf90c3d2c7fa2543c9a5a"),
            new Vector("sha3_384", "sha3_384", 48,
                    "0c63a75b845e4f7d01107d852e4c2485c51a50aaaa94fc61995e71bbee983a2ac3713831264adb47fb6bd1e058d5f004",
                    "28fc308d4d5c1ef9e60acedb13c3a1fcf7266560602c639000580ae3541dea5ce78a685de897e96b65a0fc15515c3780",
                    "11edf85259cc809103280060cd22febc4f4063ad5b329bbca2b411ebde683be0a5a2db3a88c89d2d14f12027974bf3a5"),
            new Vector("sha3_512", "sha3_512", 64,
                    "a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a615b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26",
                    "4a936cbc1db296bd08d1c0bbf5a66a1897f35ee6d93047e0edff893dfbcba02f1e1570e85d1187ea26bea6d54199e0656f1b7c21b9cc2102b8ed2a12769f4531",
                    "ccd6f2dcb826da4fa3816722d8ddf3584981077a7d679cff6ffb582d443b967b56c249106a3d15c2c1ed2fc98a355cd1ecfe6274ccbc553a89098a5421959f7d"),
            new Vector("blake2b", "blake2b", 64,
                    "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce",
                    "fec91c70284c72d0d4e3684788a90de9338a5b2f47f01fedbe203cafd68708718ae5672d10eca804a8121904047d40d1d6cf11e7a76419357a9469af41f22d01",
                    "2f56dbd40ee8b1fb0daf3d43edb51be0842a70944d8ec04a24badcc684dfb0e042cc9922dc5aaca586c11dddb5c650a9c4c99f73e63ea59a066ddf34ef494550"),
            new Vector("blake2s", "blake2s", 32,
                    "69217a3079908094e11121d042354a7c1f55b6482ca1a51e1b250dfd1ed0eef9",
                    "9e63cf8c57ba5a7c3019c344ae7192d12f683fb0b5fc03b21bc6d1a377977257",
                    "784e2740d10220d7f13bec62d5956fe0ec3e0173a4dee310938f7a77386bda8c"),
            new Vector(null, "{name: blake2b, digest_size: 1}", 1,
                    "2e",
                    "38",
                    "45"),
            new Vector("blake2b-16", "{name: blake2b, digest_size: 16}", 16,
                    "cae66941d9efbd404e4d88758ea67670",
                    "c0cdb4699cdaa9eea4c563a934f1d52b",
                    "7cf574206c186c9cf1a613558c79b1b3"),
            new Vector("blake2b-32", "{name: blake2b, digest_size: 32}", 32,
                    "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8",
                    "c71b05fd1d1c7bf7e928ff18e58db5193e9316416cc26ba9cc9094da80d7011e",
                    "d58709bfe83dd7cddd7fd01557bcf83d62afea1ef26673768cf70b9223cc641d"),
            new Vector("blake2b-64", "{name: blake2b, digest_size: 64}", 64,
                    "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce",
                    "fec91c70284c72d0d4e3684788a90de9338a5b2f47f01fedbe203cafd68708718ae5672d10eca804a8121904047d40d1d6cf11e7a76419357a9469af41f22d01",
                    "2f56dbd40ee8b1fb0daf3d43edb51be0842a70944d8ec04a24badcc684dfb0e042cc9922dc5aaca586c11dddb5c650a9c4c99f73e63ea59a066ddf34ef494550"),
            new Vector(null, "{name: blake2s, digest_size: 1}", 1,
                    "a1",
                    "4a",
                    "46"),
            new Vector("blake2s-16", "{name: blake2s, digest_size: 16}", 16,
                    "64550d6ffe2c0a01a14aba1eade0200c",
                    "675b2a3f002bc26806de45aa13685ca9",
                    "34e2846f17aabf2645c83efaa28358a2"),
            new Vector("blake2s-32", "{name: blake2s, digest_size: 32}", 32,
                    "69217a3079908094e11121d042354a7c1f55b6482ca1a51e1b250dfd1ed0eef9",
                    "9e63cf8c57ba5a7c3019c344ae7192d12f683fb0b5fc03b21bc6d1a377977257",
                    "784e2740d10220d7f13bec62d5956fe0ec3e0173a4dee310938f7a77386bda8c"));

    private HashVectors() {
    }
}

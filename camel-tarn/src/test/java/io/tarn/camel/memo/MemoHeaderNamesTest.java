package io.tarn.camel.memo;

import io.tarn.camel.TarnConstants;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Memoization names its headers itself (io.tarn.camel.memo does not depend on io.tarn.camel); they are the documented ones. */
class MemoHeaderNamesTest {
    @Test
    void theMemoHeadersAreTheComponentsDocumentedHeaders() {
        assertThat(Memoizer.HIT_HEADER).isEqualTo(TarnConstants.MEMO_HIT);
        assertThat(Memoizer.KEY_HEADER).isEqualTo(TarnConstants.MEMO_KEY);
    }
}

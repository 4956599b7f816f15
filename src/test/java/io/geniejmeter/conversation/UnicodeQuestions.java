package io.geniejmeter.conversation;

import java.util.List;

/** Questions whose text a careless pipeline would change: shared by the reader's test and the replay test. */
public final class UnicodeQuestions {

    /** Each written with escapes, so that no editor or normaliser can change them in this source. */
    public static final List<String> ALL = List.of(
            "Sales in caf\u0065\u0301s by r\u00e9gion?",
            "Top customers \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 and \uD83D\uDCC8 growth",
            "\u05DB\u05DE\u05D4 \u05D4\u05D6\u05DE\u05E0\u05D5\u05EA \u200F2024?",
            "\u0643\u0645 \u0639\u062F\u062F \u0627\u0644\u0637\u0644\u0628\u0627\u062A\u061F",
            "Revenue \uD83C\uDDE9\uD83C\uDDEA vs \uD83C\uDDEF\uD83C\uDDF5, clef \uD834\uDD1E, Z\u0335\u0308a\u0337lgo");

    private UnicodeQuestions() {
    }
}

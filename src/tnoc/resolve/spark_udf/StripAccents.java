package org.tnoc.similarity;

import java.text.Normalizer;
import java.util.regex.Pattern;

import org.apache.spark.sql.api.java.UDF1;

/**
 * A string without its accents, as DuckDB's {@code strip_accents} gives it, so that
 * TNOC's entity resolution normalises an address or a city the same on Spark as on its
 * embedded store (tnoc.resolve.records; the parity test is
 * tests/test_resolve_spark.py).
 *
 * <p>DuckDB maps the string with utf8proc's STRIPMARK option: canonical decomposition
 * (NFD), every mark removed (Unicode categories Mn, Mc and Me: "é" is "e" and a
 * combining acute), then canonical composition (NFC). This does the same with Java's
 * {@link Normalizer}. Characters with no decomposition ("ø", "ł", "ß") are kept, on
 * both. NULL gives NULL.
 */
public final class StripAccents implements UDF1<String, String> {

    private static final long serialVersionUID = 1L;
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    @Override
    public String call(String text) {
        if (text == null) {
            return null;
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        return Normalizer.normalize(MARKS.matcher(decomposed).replaceAll(""),
                                    Normalizer.Form.NFC);
    }
}

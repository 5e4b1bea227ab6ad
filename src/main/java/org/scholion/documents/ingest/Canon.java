package org.scholion.documents.ingest;

import static org.scholion.documents.ingest.Ingest.FIELD;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import org.scholion.domain.DomainError;

/**
 * The rules that make text canonical, applied to a whole plain text or to each text node of a tree before
 * the text and the rendition are both derived from it: CRLF and CR become LF, control characters other than
 * tab and LF are dropped (PostgreSQL refuses U+0000; the rest are invisible and never meant), an unpaired
 * surrogate becomes U+FFFD, and the result is in Unicode Normalization Form C.
 */
final class Canon {
    private Canon() {
    }

    /** Strict UTF-8, the byte-order mark dropped. Anything else is a 400 that says where, and what to do. */
    static String utf8(byte[] bytes) {
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF) || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
            throw DomainError.invalid(FIELD, "The file is UTF-16 text; save it as UTF-8 and upload it again.");
        }
        int start = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw DomainError.invalid(FIELD, "The file is not valid UTF-8 at byte " + in.position()
                    + "; save it as UTF-8 (most editors offer this under \u201cSave as\u201d or \u201cEncoding\u201d) and upload it again.");
        }
        out.flip();
        return out.toString();
    }

    /** LF line ends, no control characters but tab and LF, no unpaired surrogates, NFC. */
    static String text(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            boolean lone = Character.isSurrogate(c) && !paired;
            boolean keep = !lone && (c == '\t' || c == '\n' || !Character.isISOControl(c));
            if (paired) {
                if (b != null) {
                    b.append(c).append(s.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (keep && b == null) {
                continue;
            }
            if (b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (lone) {
                // a PDF's ToUnicode map can name half a pair; PostgreSQL cannot store it
                b.append('\uFFFD');
            } else if (c == '\r') {
                b.append('\n');
                if (i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
            } else if (keep) {
                b.append(c);
            }
        }
        String lf = b == null ? s : b.toString();
        return Normalizer.isNormalized(lf, Normalizer.Form.NFC) ? lf : Normalizer.normalize(lf, Normalizer.Form.NFC);
    }

    static boolean isNfc(String s) {
        return Normalizer.isNormalized(s, Normalizer.Form.NFC);
    }

    /** A character that combines with the one before it, so must not start a text node that follows another. */
    static boolean combines(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.COMBINING_SPACING_MARK;
    }
}

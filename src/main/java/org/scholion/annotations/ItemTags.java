package org.scholion.annotations;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.scholion.annotations.listing.ViewerExtras.Extras;
import org.scholion.annotations.AnnotationService.ExpectedVersion;

/**
 * The one definition of an annotation's entity tag as one viewer sees it: written in the ETag
 * header, in the {@code etag} of every representation made for that viewer (so a client keeps the
 * version of the card it shows, and sends it back as If-Match), and read back from If-Match.
 *
 * <p>Strong: {@code <id>-v<row version>}, then {@code -f<flags seen>} when the viewer sees flags on
 * it. The row version counts the writes of that row alone (migration V10), so a tag tells its
 * reader nothing about anyone's writes elsewhere; the flags seen are the viewer's own flags, or
 * everyone's where they moderate, which change what they are shown without changing the row.
 */
public final class ItemTags {
    private static final Pattern TAG = Pattern.compile("([0-9a-f-]{36})-v([0-9]{1,18})(?:-f([0-9]{1,18}\\.[0-9]{1,18}))?");

    private ItemTags() {
    }

    /** The tag without its quotes. */
    public static String opaque(Annotation a, Extras extras) {
        return a.id + "-v" + a.rowVersion + (extras.flagsSeen() == null ? "" : "-f" + extras.flagsSeen());
    }

    /** The tag as the ETag header and If-Match carry it: in double quotes. */
    public static String quoted(Annotation a, Extras extras) {
        return "\"" + opaque(a, extras) + "\"";
    }

    /**
     * The version an opaque tag names, if it is a tag of this annotation; {@link ExpectedVersion#UNKNOWN}
     * otherwise (another annotation's, another form's, one made up), which can only be stale.
     */
    public static ExpectedVersion version(String opaque, UUID id) {
        Matcher m = TAG.matcher(opaque);
        if (!m.matches() || !m.group(1).equals(id.toString())) {
            return ExpectedVersion.UNKNOWN;
        }
        return ExpectedVersion.of(Long.parseLong(m.group(2)), m.group(3));
    }
}

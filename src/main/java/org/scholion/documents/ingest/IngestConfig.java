package org.scholion.documents.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits on uploaded readings, all with defaults so that no property needs to be set. */
@ConfigMapping(prefix = "scholion.documents")
public interface IngestConfig {
    /** The largest file taken, in bytes (20 MiB). */
    @WithDefault("20971520")
    long maxUploadBytes();

    /** The longest canonical text kept, in Unicode code points: what a small file may expand to. */
    @WithDefault("2000000")
    int maxTextCodePoints();

    /** The most pages a PDF may have. */
    @WithDefault("2000")
    int maxPdfPages();

    /** How long reading one file may take before it is given up (413): a PDF's text, or an HTML or Markdown file's tree. */
    @WithDefault("20s")
    Duration pdfTimeout();

    /** The most bytes any one compressed stream in a PDF (a page's content, a font) may expand to. */
    @WithDefault("67108864")
    long maxPdfStreamBytes();
}

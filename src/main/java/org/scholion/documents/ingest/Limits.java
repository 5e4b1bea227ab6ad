package org.scholion.documents.ingest;

import java.time.Duration;

/** The bounds one {@link Ingest} works within; see {@link IngestConfig} for what each means. */
public record Limits(long maxUploadBytes, int maxTextCodePoints, int maxPdfPages, Duration pdfTimeout,
        long maxPdfStreamBytes) {
    public Limits {
        if (maxUploadBytes <= 0 || maxTextCodePoints <= 0 || maxPdfPages <= 0 || maxPdfStreamBytes <= 0
                || pdfTimeout == null || pdfTimeout.isNegative() || pdfTimeout.isZero()) {
            throw new IllegalArgumentException("every limit must be positive");
        }
    }

    /** The defaults of {@link IngestConfig}. */
    public static Limits defaults() {
        return new Limits(20L * 1024 * 1024, 2_000_000, 2000, Duration.ofSeconds(20), 64L * 1024 * 1024);
    }

    static Limits of(IngestConfig config) {
        return new Limits(config.maxUploadBytes(), config.maxTextCodePoints(), config.maxPdfPages(), config.pdfTimeout(),
                config.maxPdfStreamBytes());
    }
}

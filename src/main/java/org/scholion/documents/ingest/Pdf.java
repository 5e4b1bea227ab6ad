package org.scholion.documents.ingest;

import static org.scholion.documents.ingest.Ingest.FIELD;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.filter.Filter;
import org.apache.pdfbox.filter.FilterFactory;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jboss.logging.Logger;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.scholion.domain.DomainError;

/**
 * A PDF read as its text, page by page, with Apache PDFBox's {@link PDFTextStripper}.
 *
 * <p>The text is the pages' texts (each made canonical and trimmed) joined by a blank line ({@value #SEPARATOR}
 * written as two line feeds) between non-empty pages. {@code pages} holds the code-point offset at which each page's
 * own text starts, so the separator before a page counts into the page before it; an empty page starts where the
 * next text would. The rendition is one {@code <section class="page" data-page="N">} per page holding the page's
 * text as a single text node (the reader shows it with {@code white-space: pre-wrap}, and the page number with
 * {@code ::before { content: attr(data-page) }}, which is not part of {@code textContent}); the separators are
 * text nodes between the sections.
 *
 * <p>Bounds: the file is parsed from memory with a memory-only stream cache capped at the per-stream limit; before
 * any text is read, every compressed stream that text extraction can decode (page contents, forms, fonts, CMaps;
 * images are never decoded for text) is decoded once into a counter, and one that expands past the limit refuses
 * the file (a compression bomb); the page count is capped; the text written is capped in code points while it is
 * written; and the whole runs on its own daemon thread for at most the time limit, after which a flag that the
 * content-stream loop checks at every operator stops it.
 *
 * <p>Encryption: a PDF that needs a password to open is refused (415). One that opens with the empty user password
 * (common for publishers' PDFs, which restrict printing or editing only) is read if its permissions allow
 * extracting text, and refused (415) if they do not.
 */
final class Pdf {
    private static final Logger LOG = Logger.getLogger(Pdf.class);
    static final String SEPARATOR = "\n\n";
    private static final Set<COSName> IMAGE_FILTERS = Set.of(COSName.DCT_DECODE, COSName.DCT_DECODE_ABBREVIATION,
            COSName.JPX_DECODE, COSName.CCITTFAX_DECODE, COSName.CCITTFAX_DECODE_ABBREVIATION, COSName.JBIG2_DECODE);

    private Pdf() {
    }

    record Reading(String text, String rendition, List<Integer> pages, Found found) {
    }

    static Reading read(byte[] bytes, Limits limits) {
        AtomicBoolean stop = new AtomicBoolean();
        FutureTask<Reading> task = new FutureTask<>(() -> extract(bytes, limits, stop));
        Thread worker = new Thread(task, "scholion-pdf-text");
        worker.setDaemon(true);
        worker.start();
        try {
            return task.get(limits.pdfTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stop.set(true);
            task.cancel(true);
            throw DomainError.tooLarge(FIELD, "Reading the PDF's text took longer than " + limits.pdfTimeout().toSeconds()
                    + " s, so it was given up: the PDF is too large or too complex. Split it, or save it as a simpler PDF.");
        } catch (InterruptedException e) {
            stop.set(true);
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw DomainError.invalid(FIELD, "Reading the PDF was interrupted; try again.");
        } catch (ExecutionException e) {
            throw refusal(e.getCause());
        }
    }

    private static DomainError refusal(Throwable cause) {
        if (cause instanceof DomainError error) {
            return error;
        }
        if (cause instanceof InvalidPasswordException) {
            return DomainError.unsupported(FIELD, "The PDF is protected by a password. Remove the protection "
                    + "(or print it to a new PDF) and upload that.");
        }
        if (cause instanceof OutOfMemoryError || cause instanceof StackOverflowError) {
            return DomainError.tooLarge(FIELD, "The PDF is too large or too deeply nested to read. Split it, or save it as a simpler PDF.");
        }
        LOG.debugf(cause, "an uploaded PDF could not be read");
        return DomainError.invalid(FIELD, "The PDF could not be read: it is damaged, incomplete or not really a PDF. "
                + "Open it in a PDF viewer, save it as a new PDF, and upload that.");
    }

    private static Reading extract(byte[] bytes, Limits limits, AtomicBoolean stop) throws IOException {
        try (PDDocument document = Loader.loadPDF(bytes, "", null, null,
                MemoryUsageSetting.setupMainMemoryOnly(limits.maxPdfStreamBytes()).streamCache)) {
            if (document.isEncrypted() && !document.getCurrentAccessPermission().canExtractContent()) {
                throw DomainError.unsupported(FIELD, "The PDF's permissions forbid copying its text, so it cannot be "
                        + "read here. Ask its publisher for a copy that allows it, or remove the restriction.");
            }
            int count = document.getNumberOfPages();
            if (count > limits.maxPdfPages()) {
                throw DomainError.tooLarge(FIELD, "The PDF has " + count + " pages; at most " + limits.maxPdfPages()
                        + " are taken. Split it into parts.");
            }
            if (count == 0) {
                throw DomainError.invalid(FIELD, "The PDF has no pages.");
            }
            checkStreams(document, limits, stop);
            Stripper stripper = new Stripper(stop);
            stripper.setLineSeparator("\n");
            Budget budget = new Budget(limits.maxTextCodePoints(), stop);
            List<String> texts = new ArrayList<>(count);
            for (int page = 1; page <= count; page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                budget.page.setLength(0);
                stripper.writeText(document, budget);
                texts.add(Canon.text(budget.page.toString()).strip());
            }
            return reading(texts, found(document.getDocumentInformation()));
        }
    }

    static Reading reading(List<String> texts) {
        return reading(texts, Found.NOTHING);
    }

    private static Reading reading(List<String> texts, Found found) {
        StringBuilder text = new StringBuilder();
        List<Integer> pages = new ArrayList<>(texts.size());
        Document shell = Document.createShell("");
        shell.outputSettings().prettyPrint(false);
        Element body = shell.body();
        int offset = 0;
        for (int i = 0; i < texts.size(); i++) {
            String page = texts.get(i);
            if (!page.isEmpty() && offset > 0) {
                text.append(SEPARATOR);
                body.appendText(SEPARATOR);
                offset += SEPARATOR.length();
            }
            pages.add(offset);
            Element section = body.appendElement("section").attr("class", "page").attr("data-page", String.valueOf(i + 1));
            if (!page.isEmpty()) {
                section.appendText(page);
            }
            text.append(page);
            offset += page.codePointCount(0, page.length());
        }
        String rendition = body.html();
        if (!Html.textContent(Jsoup.parseBodyFragment(rendition).body()).contentEquals(text)) {
            throw DomainError.invalid(FIELD, "The PDF's text could not be shown page by page exactly; upload it as plain text instead.");
        }
        return new Reading(text.toString(), rendition, pages, found);
    }

    private static Found found(PDDocumentInformation info) {
        if (info == null) {
            return Found.NOTHING;
        }
        Set<String> authors = new LinkedHashSet<>();
        String author = info.getAuthor();
        if (author != null) {
            for (String one : author.split(";")) {
                String clean = Html.metadata(one);
                if (clean != null && authors.size() < 50) {
                    authors.add(clean);
                }
            }
        }
        return new Found(Html.metadata(info.getTitle()), List.copyOf(authors));
    }

    /**
     * Decodes every compressed stream that text extraction may decode, counting and discarding the output, and
     * refuses the file when one expands past the limit. PDFBox buffers a decoded stream whole in memory (only a
     * page's single Flate content stream is streamed), so this is what bounds its memory.
     */
    private static void checkStreams(PDDocument document, Limits limits, AtomicBoolean stop) throws IOException {
        for (COSObjectKey key : new ArrayList<>(document.getDocument().getXrefTable().keySet())) {
            if (stop.get()) {
                throw new Stopped();
            }
            COSBase object = document.getDocument().getObjectFromPool(key).getObject();
            if (!(object instanceof COSStream stream) || COSName.IMAGE.equals(stream.getCOSName(COSName.SUBTYPE))) {
                continue;
            }
            List<COSName> names = filters(stream);
            if (names.isEmpty() || names.stream().anyMatch(IMAGE_FILTERS::contains)) {
                continue;
            }
            try {
                decodeBounded(stream, names, limits.maxPdfStreamBytes(), stop);
            } catch (IOException damaged) {
                // a stream that does not decode is PDFBox's to skip or report when (if) the text needs it
                LOG.debugf(damaged, "a stream of an uploaded PDF does not decode");
            }
        }
    }

    private static List<COSName> filters(COSStream stream) {
        COSBase filters = stream.getFilters();
        List<COSName> names = new ArrayList<>();
        if (filters instanceof COSName name) {
            names.add(name);
        } else if (filters instanceof COSArray array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.getObject(i) instanceof COSName name) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static void decodeBounded(COSStream stream, List<COSName> names, long max, AtomicBoolean stop) throws IOException {
        byte[] input = null;
        for (int i = 0; i < names.size(); i++) {
            Filter filter = FilterFactory.INSTANCE.getFilter(names.get(i));
            boolean last = i == names.size() - 1;
            Bounded out = new Bounded(max, stop, !last);
            try (InputStream in = input == null ? stream.createRawInputStream() : new ByteArrayInputStream(input)) {
                filter.decode(in, out, stream, i);
            }
            input = out.bytes();
        }
    }

    /** Thrown by the worker's own checks once the time is up; never seen by callers (the timeout speaks). */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }

    /** Counts (and keeps, when asked) what a filter writes, and fails past the limit. */
    private static final class Bounded extends OutputStream {
        private final long max;
        private final AtomicBoolean stop;
        private final ByteArrayOutputStream kept;
        private long count;

        Bounded(long max, AtomicBoolean stop, boolean keep) {
            this.max = max;
            this.stop = stop;
            this.kept = keep ? new ByteArrayOutputStream() : null;
        }

        @Override
        public void write(int b) {
            write(new byte[] { (byte) b }, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (stop.get()) {
                throw new Stopped();
            }
            count += len;
            if (count > max) {
                throw DomainError.tooLarge(FIELD, "A compressed stream in the PDF expands to more than "
                        + (max / (1024 * 1024)) + " MiB (a compression bomb, or a very unusual PDF); it is not read.");
            }
            if (kept != null) {
                kept.write(b, off, len);
            }
        }

        byte[] bytes() {
            return kept == null ? null : kept.toByteArray();
        }
    }

    /** Where the stripper writes one page, counting code points against the whole document's limit. */
    private static final class Budget extends Writer {
        private final int max;
        private final AtomicBoolean stop;
        final StringBuilder page = new StringBuilder();
        private long codePoints;

        Budget(int max, AtomicBoolean stop) {
            this.max = max;
            this.stop = stop;
        }

        @Override
        public void write(char[] chars, int off, int len) {
            if (stop.get()) {
                throw new Stopped();
            }
            for (int i = off; i < off + len; i++) {
                if (!Character.isLowSurrogate(chars[i])) {
                    codePoints++;
                }
            }
            if (codePoints > max) {
                throw DomainError.tooLarge(FIELD, "The PDF's text is longer than " + max + " characters; split it into parts.");
            }
            page.append(chars, off, len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** PDFBox's text stripper, stopping at the next operator once the time is up. */
    private static final class Stripper extends PDFTextStripper {
        private final AtomicBoolean stop;

        Stripper(AtomicBoolean stop) {
            this.stop = stop;
        }

        @Override
        protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
            if (stop.get()) {
                throw new Stopped();
            }
            super.processOperator(operator, operands);
        }
    }
}

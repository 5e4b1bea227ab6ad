package org.scholion.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DefaultDocumentsTest {
    @Inject
    DefaultDocuments defaults;
    @Inject
    DocumentService documents;

    @Test
    void theEssayIsImportedOnStartWithItsDateAndText() {
        Document d = documents.findBySlug("red-terror-essay").orElseThrow();
        assertEquals(LocalDate.of(2023, 3, 12), d.published);
        assertEquals(1, d.revision);
        assertTrue(d.isPublic, "the essay is every signed-in reader's");
        DocumentRevision r = documents.current(d);
        assertEquals("text", r.format);
        assertTrue(r.body.startsWith("Joseph Stalin is widely known"), r.body.substring(0, 40));
        assertTrue(r.body.endsWith("atrocities are never repeated."));
        assertEquals(r.body.codePointCount(0, r.body.length()), r.bodyLength);
    }

    @Test
    void importingAgainAddsNothing() {
        long before = Document.count();
        defaults.importAll();
        defaults.importAll();
        assertEquals(before, Document.count());
        assertEquals(1, Document.count("slug", "red-terror-essay"));
    }

    @Test
    void concurrentImportsOfOneSlugInsertOnce() throws Exception {
        String slug = "race-" + UUID.randomUUID().toString().substring(0, 8);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return documents.importIfAbsent(slug, "Race", LocalDate.of(2020, 1, 1), "Same text.");
            }));
        }
        go.countDown();
        int inserted = 0;
        for (Future<Boolean> f : results) {
            inserted += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, inserted);
        assertEquals(1, Document.count("slug", slug));
    }

    @Test
    void theTextIsWhatFollowsTheDateMetadataTrimmed() {
        DefaultDocuments.Parsed p = DefaultDocuments.parse(" date 2023-03-12 First sentence.\n\nSecond paragraph.\n");
        assertEquals(LocalDate.of(2023, 3, 12), p.published());
        assertEquals("First sentence.\n\nSecond paragraph.", p.text());
    }
}

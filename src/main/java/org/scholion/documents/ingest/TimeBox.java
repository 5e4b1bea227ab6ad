package org.scholion.documents.ingest;

import static org.scholion.documents.ingest.Ingest.FIELD;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.scholion.domain.DomainError;

/**
 * Reading HTML or Markdown on a thread of its own, within the reading time limit: a few megabytes of
 * deeply tangled tags cost jsoup many seconds, and the request gets its answer (413) when the time
 * is up. jsoup cannot be stopped mid-parse, so the thread finishes its (size-bounded) work in the
 * background and is dropped.
 */
final class TimeBox {
    private TimeBox() {
    }

    static <T> T call(Callable<T> work, Duration limit, String what) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread worker = new Thread(task, "scholion-ingest");
        worker.setDaemon(true);
        worker.setPriority(Thread.MIN_PRIORITY);
        worker.start();
        try {
            return task.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw DomainError.tooLarge(FIELD, "Reading the " + what + " took longer than " + limit.toSeconds()
                    + " s, so it was given up: the file is too large or its markup too tangled. Split it, or simplify it.");
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw DomainError.invalid(FIELD, "Reading the file was interrupted; try again.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DomainError d) {
                throw d;
            }
            if (e.getCause() instanceof StackOverflowError || e.getCause() instanceof OutOfMemoryError) {
                throw DomainError.tooLarge(FIELD, "The " + what + " is too large or too deeply nested to read. Split it, or simplify it.");
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}

package org.scholion.annotations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RenderedPagesTest {

    @Test
    void keepsPagesUntilTheByteBoundThenDropsTheLeastRecentlyUsed() {
        RenderedPages pages = new RenderedPages(400);
        pages.put("a", new byte[100]);
        pages.put("b", new byte[100]);
        pages.put("c", new byte[100]);
        assertNotNull(pages.get("a"));          // a is now the most recently used
        pages.put("d", new byte[100]);
        pages.put("e", new byte[100]);          // 500 bytes > 400: b, the least recently used, goes
        assertNull(pages.get("b"));
        assertNotNull(pages.get("a"));
        assertArrayEquals(new byte[100], pages.get("e"));
    }

    @Test
    void aPageLargerThanAQuarterOfTheBoundIsNotKept() {
        RenderedPages pages = new RenderedPages(400);
        pages.put("big", new byte[101]);
        assertNull(pages.get("big"));
    }
}

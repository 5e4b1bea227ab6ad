package org.scholion.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UserDirectoryTest {
    @Inject
    UserDirectory directory;

    @Test
    void firstSignInAdoptsThePlaceholderRowOfItsUsername() {
        String username = "pl-" + UUID.randomUUID();
        UUID placeholder = directory.ensurePlaceholder(username, "Placeholder Person");
        assertEquals(placeholder, directory.ensurePlaceholder(username, "Placeholder Person"), "a second call finds the same row");

        String subject = UUID.randomUUID().toString();
        UUID recorded = directory.record(subject, username, "Real Name", Set.of());

        assertEquals(placeholder, recorded, "the signed-in user takes over the placeholder's id");
        AppUser row = directory.findById(recorded).orElseThrow();
        assertEquals(subject, row.subject);
        assertEquals("Real Name", row.displayName);
        assertEquals(1, AppUser.count("username", username));
    }

    @Test
    void aPlaceholderIsNotMadeForSomeoneWhoAlreadySignedIn() {
        String username = "pl-" + UUID.randomUUID();
        UUID real = directory.record(UUID.randomUUID().toString(), username, "Real", Set.of());
        assertEquals(real, directory.ensurePlaceholder(username, "Placeholder"));
        assertEquals(1, AppUser.count("username", username));
    }

    @Test
    void anotherUsernameDoesNotAdoptThePlaceholder() {
        String username = "pl-" + UUID.randomUUID();
        UUID placeholder = directory.ensurePlaceholder(username, "Placeholder");
        UUID other = directory.record(UUID.randomUUID().toString(), "other-" + username, "Other", Set.of());
        assertNotEquals(placeholder, other);
    }
}

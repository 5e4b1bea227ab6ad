package org.scholion.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run command's own secrets and its sharing switch, without starting anything. */
class LocalSecretsTest {
    @TempDir
    Path dir;

    @Test
    void aSecretIsMadeOnceReadableByItsOwnerOnlyAndShownAsNewOnlyThen() throws Exception {
        Path file = dir.resolve("data/keycloak-admin-password");
        LocalSecrets.Secret first = LocalSecrets.readOrCreate(file, 24);
        assertTrue(first.created());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        LocalSecrets.Secret again = LocalSecrets.readOrCreate(file, 24);
        assertFalse(again.created(), "not shown again");
        assertEquals(first.value(), again.value());
        assertNotEquals(first.value(), LocalSecrets.readOrCreate(dir.resolve("other"), 24).value(), "each installation its own");
        assertEquals(24 + 5, first.value().length(), "24 characters in groups of four: " + first.value());
    }

    @Test
    void demoLoginsAreKeptAcrossStartsAndAreNeverTheUsernames() throws Exception {
        Path file = dir.resolve("demo-logins.properties");
        List<String> users = List.of("ines", "alice", "bob");
        LocalSecrets.DemoLogins first = LocalSecrets.DemoLogins.load(file, users);
        assertEquals(users, List.copyOf(first.passwords().keySet()));
        first.passwords().forEach((u, pw) -> assertNotEquals(u, pw));
        assertEquals(3, Set.copyOf(first.passwords().values()).size());
        assertFalse(first.sharedApplied(), "a new file: Keycloak has the realm file's passwords");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        first.recordApplied(true);
        LocalSecrets.DemoLogins later = LocalSecrets.DemoLogins.load(file, users);
        assertEquals(first.passwords(), later.passwords(), "the logins handed out stay valid");
        assertTrue(later.sharedApplied());
        Map<String, String> withCarol = LocalSecrets.DemoLogins.load(file, List.of("ines", "alice", "bob", "carol")).passwords();
        assertEquals(first.passwords().get("alice"), withCarol.get("alice"));
        assertTrue(withCarol.containsKey("carol"));
    }

    @Test
    void notSharedEverythingIsOnLoopbackUnderLocalhost() {
        for (String unset : new String[] {null, "", "false", " FALSE "}) {
            Sharing s = Sharing.of(unset, null, 8080);
            assertFalse(s.shared());
            assertEquals("127.0.0.1", s.bindHost());
            assertEquals("http://localhost:8080", s.publicUrl());
        }
    }

    @Test
    void sharedTheAppAndKeycloakListenEverywhereUnderThisMachinesAddress() throws Exception {
        Sharing named = Sharing.of("true", "http://reading-room.school.example:8080", 8080);
        assertEquals("0.0.0.0", named.bindHost());
        assertEquals("reading-room.school.example", named.publicHost());
        if (Sharing.networkAddress().isPresent()) {
            Sharing found = Sharing.of("true", null, 8080);
            assertFalse(InetAddress.getByName(found.publicHost()).isLoopbackAddress(), found.publicUrl());
            assertEquals("http://" + found.publicHost() + ":8080", found.publicUrl());
        }
    }

    @Test
    void anUnclearShareSettingIsRefusedNotGuessed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sharing.of("yes", null, 8080));
        assertTrue(e.getMessage().contains("SCHOLION_SHARE"), e.getMessage());
    }
}

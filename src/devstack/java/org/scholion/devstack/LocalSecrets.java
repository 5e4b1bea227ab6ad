package org.scholion.devstack;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Secrets the local stack makes for itself and keeps next to its data (.scholion/data/), readable by
 * their owner only: Keycloak's admin password and the demo users' passwords for a shared demo.
 * They live with the Keycloak store they belong to, so deleting .scholion/data starts both over.
 */
public final class LocalSecrets {
    /** No 0/O, 1/l/I: read aloud or off a projector, these are typed by hand. */
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private LocalSecrets() {
    }

    /** A secret read from its file, and whether this run made it (then it has not been shown yet). */
    public record Secret(String value, boolean created) {
    }

    /** The secret in {@code file}, made and stored (mode 600) if there is none yet. */
    public static Secret readOrCreate(Path file, int length) throws IOException {
        if (Files.exists(file)) {
            return new Secret(Files.readString(file, StandardCharsets.UTF_8).strip(), false);
        }
        String value = random(length);
        writePrivate(file, value + "\n");
        return new Secret(value, true);
    }

    /** {@code length} characters from a 33-letter alphabet, in groups of four: 12 give about 60 bits. */
    public static String random(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            if (i > 0 && i % 4 == 0) {
                s.append('-');
            }
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    /**
     * Writes the file so that it is never readable by others, not even for a moment: a temporary
     * file created with mode 600, then moved into place.
     */
    public static void writePrivate(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
            tmp.toFile().setReadable(false, false);
            tmp.toFile().setReadable(true, true);
        }
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The demo users' passwords for sharing (made once, so that a restarted demo keeps the logins
     * handed out), and which set Keycloak holds now: the usernames (this machine only) or these.
     */
    public static final class DemoLogins {
        private final Path file;
        private final Map<String, String> passwords = new LinkedHashMap<>();
        private boolean sharedApplied;

        private DemoLogins(Path file) {
            this.file = file;
        }

        public static DemoLogins load(Path file, List<String> usernames) throws IOException {
            DemoLogins d = new DemoLogins(file);
            Properties p = new Properties();
            if (Files.exists(file)) {
                p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            }
            d.sharedApplied = "shared".equals(p.getProperty("keycloak-holds"));
            boolean made = false;
            for (String u : usernames) {
                String pw = p.getProperty("password." + u);
                if (pw == null || pw.isBlank()) {
                    pw = random(12);
                    made = true;
                }
                d.passwords.put(u, pw);
            }
            if (made || !Files.exists(file)) {
                d.save();
            }
            return d;
        }

        public Map<String, String> passwords() {
            return passwords;
        }

        /** Whether Keycloak holds the generated passwords (it does only after the launcher set them). */
        public boolean sharedApplied() {
            return sharedApplied;
        }

        public void recordApplied(boolean shared) throws IOException {
            sharedApplied = shared;
            save();
        }

        private void save() throws IOException {
            Properties p = new Properties();
            p.setProperty("keycloak-holds", sharedApplied ? "shared" : "usernames");
            passwords.forEach((u, pw) -> p.setProperty("password." + u, pw));
            StringWriter w = new StringWriter();
            p.store(w, "The demo users' passwords when the demo is shared (SCHOLION_SHARE=true); keycloak-holds says which"
                    + " set Keycloak has now.");
            writePrivate(file, w.toString());
        }

        public Path file() {
            return file;
        }
    }
}

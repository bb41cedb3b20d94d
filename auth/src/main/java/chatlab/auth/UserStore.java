package chatlab.auth;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Accounts in a SQLite file. The file is created readable by its owner only (0600, its folder 0700), runs in WAL
 * mode with full sync, and every change is one transaction, so a process killed at any moment leaves either the
 * old or the new state, never a broken file. Thread-safe (one connection, used under a lock).
 */
public final class UserStore implements AutoCloseable {
    private final Connection connection;
    private final Clock clock;
    private final Path path;
    /** Changes committed through this connection: SQLite's data_version counts only other connections' commits. */
    private long ownCommits;

    /**
     * Where the file stands, to tell cheaply whether anything changed since the last look: SQLite's
     * {@code PRAGMA data_version} moves when another connection (another process: {@code chatlab users add}) commits,
     * and {@code ownCommits} when this one does. Equal stamps from one store mean no change in between.
     */
    public record ChangeStamp(long dataVersion, long ownCommits) {}

    private UserStore(Path path, Connection connection, Clock clock) {
        this.path = path;
        this.connection = connection;
        this.clock = clock;
    }

    /** The default file: {@code $XDG_DATA_HOME/chatlab/users.db}, else {@code ~/.local/share/chatlab/users.db}. */
    public static Path defaultPath() {
        String dataHome = System.getenv("XDG_DATA_HOME");
        Path base = dataHome != null && !dataHome.isEmpty() ? Path.of(dataHome)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("chatlab").resolve("users.db");
    }

    /**
     * Opens a store that must already exist: a server, or any change but adding a user. A mistyped path must never
     * look like an empty store (with --auth optional, every name would be a guest's).
     */
    public static UserStore openExisting(Path path, Clock clock) throws UserStoreException {
        if (!Files.isRegularFile(path)) {
            throw new UserStoreException("the user store " + path + " does not exist; create it with chatlab users add"
                    + " (and the same --users on both commands)");
        }
        return open(path, clock);
    }

    /** A warning when others than the owner may read or change the file, else empty. */
    public Optional<String> looseness() {
        try {
            var permissions = Files.getPosixFilePermissions(path);
            for (var permission : permissions) {
                if (permission.name().startsWith("GROUP") || permission.name().startsWith("OTHERS")) {
                    return Optional.of("the user store " + path + " is readable or writable by others ("
                            + PosixFilePermissions.toString(permissions) + "); chmod 600 it");
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Opens the store, creating the file (0600) and its table when missing. */
    public static UserStore open(Path path, Clock clock) throws UserStoreException {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            try {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException existing) {
                // Opened as it is; its permissions are the operator's.
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new UserStoreException("cannot create the user store " + path + ": " + e.getMessage(), e);
        }
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + path.toAbsolutePath());
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=FULL");
                statement.execute("PRAGMA busy_timeout=5000");
                statement.execute("CREATE TABLE IF NOT EXISTS users ("
                        + " name TEXT PRIMARY KEY,"
                        + " salt BLOB NOT NULL, iterations INTEGER NOT NULL,"
                        + " stored_key BLOB NOT NULL, server_key BLOB NOT NULL,"
                        + " locked INTEGER NOT NULL DEFAULT 0,"
                        + " created TEXT NOT NULL, updated TEXT NOT NULL)");
                statement.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)");
            }
            return new UserStore(path, connection, clock);
        } catch (SQLException e) {
            throw new UserStoreException("cannot open the user store " + path + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /**
     * Adds an account. A name that reads the same as an existing account's ({@link chatlab.protocol.NameSkeleton}:
     * {@code Alice} beside {@code alice}, a Cyrillic look-alike) is refused: with {@code --auth optional} two such
     * accounts would each be refused as a look-alike of the other, and in the room they could pass for each other.
     */
    public synchronized void add(String name, Verifier verifier) throws UserStoreException {
        Optional<String> lookAlike = RegisteredNames.of(names())
                .lookAlikeOf(name, chatlab.protocol.NameSkeleton.of(name));
        if (lookAlike.isPresent()) {
            throw new UserStoreException("the name \"" + name + "\" reads the same as the user \"" + lookAlike.get()
                    + "\"; choose another name");
        }
        String now = clock.instant().toString();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO users (name, salt, iterations, stored_key, server_key, locked, created, updated)"
                        + " VALUES (?, ?, ?, ?, ?, 0, ?, ?)")) {
            insert.setString(1, name);
            bindVerifier(insert, 2, verifier);
            insert.setString(6, now);
            insert.setString(7, now);
            insert.executeUpdate();
            ownCommits++;
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("UNIQUE")) {
                throw new UserStoreException("a user named \"" + name + "\" already exists");
            }
            throw failure(e);
        }
    }

    public synchronized void setVerifier(String name, Verifier verifier) throws UserStoreException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE users SET salt = ?, iterations = ?, stored_key = ?, server_key = ?, updated = ? WHERE name = ?")) {
            bindVerifier(update, 1, verifier);
            update.setString(5, clock.instant().toString());
            update.setString(6, name);
            requireOne(update.executeUpdate(), name);
            ownCommits++;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    public synchronized void setLocked(String name, boolean locked) throws UserStoreException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE users SET locked = ?, updated = ? WHERE name = ?")) {
            update.setInt(1, locked ? 1 : 0);
            update.setString(2, clock.instant().toString());
            update.setString(3, name);
            requireOne(update.executeUpdate(), name);
            ownCommits++;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    public synchronized void remove(String name) throws UserStoreException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM users WHERE name = ?")) {
            delete.setString(1, name);
            requireOne(delete.executeUpdate(), name);
            ownCommits++;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    public synchronized Optional<Account> find(String name) throws UserStoreException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT name, salt, iterations, stored_key, server_key, locked, created, updated FROM users WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(account(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    public synchronized List<Account> list() throws UserStoreException {
        try (Statement select = connection.createStatement();
                ResultSet row = select.executeQuery(
                        "SELECT name, salt, iterations, stored_key, server_key, locked, created, updated FROM users ORDER BY name")) {
            List<Account> accounts = new ArrayList<>();
            while (row.next()) {
                accounts.add(account(row));
            }
            return accounts;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * A secret kept with the accounts, made on first use, so decoy verifiers for unknown names stay the same across
     * server restarts and between servers sharing the store (a changing decoy salt would give unknown names away).
     */
    public synchronized byte[] decoySecret() throws UserStoreException {
        try (PreparedStatement select = connection.prepareStatement("SELECT value FROM meta WHERE key = 'decoy-secret'")) {
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    return row.getBytes(1);
                }
            }
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES ('decoy-secret', ?)")) {
                insert.setBytes(1, secret);
                insert.executeUpdate();
            }
            return decoySecret();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The iteration count most accounts have (0 when there are none): decoys use it, so they blend in. */
    public synchronized int mostCommonIterations() throws UserStoreException {
        try (Statement select = connection.createStatement(); ResultSet row = select.executeQuery(
                "SELECT iterations FROM users GROUP BY iterations ORDER BY COUNT(*) DESC, iterations DESC LIMIT 1")) {
            return row.next() ? row.getInt(1) : 0;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Every user name, without the verifiers (for name checks done at each registration). */
    public synchronized List<String> names() throws UserStoreException {
        try (Statement select = connection.createStatement();
                ResultSet row = select.executeQuery("SELECT name FROM users ORDER BY name")) {
            List<String> names = new ArrayList<>();
            while (row.next()) {
                names.add(row.getString(1));
            }
            return names;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** One small query, no table read: whether to reload what was read before (see {@link ChangeStamp}). */
    public synchronized ChangeStamp changeStamp() throws UserStoreException {
        try (Statement select = connection.createStatement(); ResultSet row = select.executeQuery("PRAGMA data_version")) {
            if (!row.next()) {
                throw new SQLException("PRAGMA data_version gave no answer");
            }
            return new ChangeStamp(row.getLong(1), ownCommits);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** SQLite's own check of the file; "ok" when nothing is wrong. */
    public synchronized String integrityCheck() throws UserStoreException {
        try (Statement check = connection.createStatement(); ResultSet row = check.executeQuery("PRAGMA integrity_check")) {
            return row.next() ? row.getString(1) : "no answer";
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static void bindVerifier(PreparedStatement statement, int first, Verifier verifier) throws SQLException {
        statement.setBytes(first, verifier.salt());
        statement.setInt(first + 1, verifier.iterations());
        statement.setBytes(first + 2, verifier.storedKey());
        statement.setBytes(first + 3, verifier.serverKey());
    }

    private static Account account(ResultSet row) throws SQLException {
        return new Account(row.getString(1),
                new Verifier(row.getBytes(2), row.getInt(3), row.getBytes(4), row.getBytes(5)),
                row.getInt(6) != 0, Instant.parse(row.getString(7)), Instant.parse(row.getString(8)));
    }

    private static void requireOne(int changed, String name) throws UserStoreException {
        if (changed == 0) {
            throw new UserStoreException("no user named \"" + name + "\"");
        }
    }

    private UserStoreException failure(SQLException e) {
        return new UserStoreException("the user store " + path + " failed: " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing a read-only or broken connection: nothing left to save.
        }
    }
}

package io.notify.stack.postgres;

import io.notify.stack.process.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of our own (initdb + pg_ctl) in its own data directory, on a port of
 * its own, with {@code wal_level=logical} for Debezium. PostgreSQL refuses to run as root, so
 * when we are root every server command runs as the {@code postgres} OS user.
 */
public final class PostgresCluster implements AutoCloseable {

    public static final String USER = "notify";
    public static final String DATABASE = "userdb";
    public static final String BIN_DIR_VARIABLE = "NOTIFY_PG_BIN";

    private final Path directory;
    private final int port;
    private final Path bin;
    private final boolean asPostgresUser;
    private final String password;
    private boolean running;
    private boolean initialised;

    public PostgresCluster(Path directory, int port) {
        this.directory = directory;
        this.port = port;
        this.bin = findBinaries();
        this.asPostgresUser = "root".equals(System.getProperty("user.name"));
        this.password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    /**
     * initdb, start, and create the user database; blocks until it accepts connections. After
     * {@link #stop}, starts the same cluster again: same data, port and password.
     */
    public void start() {
        if (initialised) {
            launch();
            return;
        }
        try {
            Files.createDirectories(directory);
            Path passwordFile = directory.resolve("password");
            Files.writeString(passwordFile, password + "\n");
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            Path sockets = Files.createDirectories(directory.resolve("sockets"));
            if (asPostgresUser) {
                handToPostgresUser(directory, passwordFile, sockets);
            }
            ChildProcess.run("initdb", server("initdb", "-D", data().toString(), "-U", USER, "--pwfile=" + passwordFile,
                    "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-instructions"),
                    directory.resolve("initdb.log"), Duration.ofSeconds(120));
            Files.deleteIfExists(passwordFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        launch();
        createDatabase();
        initialised = true;
    }

    /** Fast shutdown (what an operator's restart does): clients are disconnected, the data stays. */
    public void stop() {
        if (running) {
            ChildProcess.run("pg_ctl stop", server("pg_ctl", "-D", data().toString(), "-m", "fast", "-w", "stop"),
                    directory.resolve("pg_ctl.log"), Duration.ofSeconds(60));
            running = false;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void launch() {
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + directory.resolve("sockets")
                + " -c wal_level=logical -c max_wal_senders=8 -c max_replication_slots=8"
                // A throwaway cluster: durability across power loss buys nothing here.
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        ChildProcess.run("pg_ctl start", server("pg_ctl", "-D", data().toString(), "-l",
                directory.resolve("postgres.log").toString(), "-o", options, "-w", "-t", "60", "start"),
                directory.resolve("pg_ctl.log"), Duration.ofSeconds(90));
        running = true;
    }

    private Path data() {
        return directory.resolve("data");
    }

    /** Stops the server of a data directory left by a process that died (the launcher's `down`). */
    public static void stopLeftover(Path directory) {
        Path data = directory.resolve("data");
        if (Files.exists(data.resolve("postmaster.pid"))) {
            PostgresCluster cluster = new PostgresCluster(directory, 0);
            cluster.running = true;
            cluster.close();
        }
    }

    private void createDatabase() {
        String adminUrl = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try (Connection connection = DriverManager.getConnection(adminUrl, USER, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the " + DATABASE + " database: " + e.getMessage(), e);
        }
    }

    private List<String> server(String program, String... arguments) {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(arguments));
        return command;
    }

    private static void handToPostgresUser(Path... paths) throws IOException {
        UserPrincipal postgres = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        for (Path path : paths) {
            Files.setOwner(path, postgres);
        }
    }

    /** initdb and pg_ctl: from NOTIFY_PG_BIN if set, else Debian's versioned directories or the PATH. */
    private static Path findBinaries() {
        String configured = System.getenv(BIN_DIR_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(PostgresCluster::holdsServerBinaries)
                    .orElseThrow(() -> new IllegalStateException("PostgreSQL server binaries (initdb, pg_ctl) are not in "
                            + configured + ", where " + BIN_DIR_VARIABLE + " points"));
        }
        return Stream.concat(debianVersions(), pathEntries())
                .filter(PostgresCluster::holdsServerBinaries)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("PostgreSQL server binaries (initdb, pg_ctl) were not found: "
                        + "install them (Debian: apt-get install postgresql) or point " + BIN_DIR_VARIABLE
                        + " at the directory that holds them"));
    }

    private static boolean holdsServerBinaries(Path dir) {
        return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"));
    }

    private static Stream<Path> debianVersions() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Stream.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .sorted(Comparator.comparing((Path p) -> versionOf(p)).reversed())
                    .toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static int versionOf(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Stream<Path> pathEntries() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(":")).filter(s -> !s.isBlank()).map(Path::of);
    }
}

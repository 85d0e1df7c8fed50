/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.smtorp.lab.Directories;
import org.smtorp.lab.OwnSession;
import org.smtorp.lab.tor.PortBlock;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;

/**
 * Debian's Postfix as an onionmx operator runs it behind an onion service: smtpd with
 * STARTTLS and a self-signed key made by openssl, no XPOW, no relaying, mail for
 * {@code user@<onion>.onion} (and any fingerprint label in front of it) delivered by
 * virtual(8) into the mbox file {@code mail/user}. Everything lives in one directory of the
 * test's: main.cf and master.cf, the queue, the data directory, the mailbox and the log
 * ({@code maillog}). Its master runs in the foreground ({@code master -c DIR -d}) as our
 * child on a loopback port, never as the machine's mail service; it is stopped by its PID.
 * Needs root (master does, and delivers as the {@code postfix} user). {@link #startLegacy} makes
 * the same Postfix for a provider's legacy domain instead, with main.cf lines of the test's.
 */
final class PostfixMx implements AutoCloseable {
    static final String MAILBOX_USER = "user";

    private static final Path POSTFIX = Paths.get("/usr/sbin/postfix");
    private static final Path MASTER = Paths.get("/usr/lib/postfix/sbin/master");
    private static final Path SENDMAIL = Paths.get("/usr/sbin/sendmail");
    private static final Path POSTMAP = Paths.get("/usr/sbin/postmap");
    private static final String MAIL_OWNER = "postfix";
    private static final Duration START_PATIENCE = Duration.ofSeconds(30);
    private static final Duration OPENSSL_PATIENCE = Duration.ofSeconds(30);
    private static final Duration SENDMAIL_PATIENCE = Duration.ofSeconds(30);

    private final Path directory;
    private final String domain;
    private final PortBlock ports;
    private final List<String> moreMainCf;
    private final Map<String, String> hashTables;
    private final List<String> moreMasterCf;
    private final UnaryOperator<List<String>> launcher;
    private Process master;
    private int keyGeneration;
    private int starts;

    private PostfixMx(Path directory, String domain, PortBlock ports, List<String> moreMainCf,
                      Map<String, String> hashTables, List<String> moreMasterCf, UnaryOperator<List<String>> launcher) {
        this.directory = directory;
        this.domain = domain;
        this.ports = ports;
        this.moreMainCf = List.copyOf(moreMainCf);
        this.hashTables = Map.copyOf(hashTables);
        this.moreMasterCf = List.copyOf(moreMasterCf);
        this.launcher = launcher;
    }

    /** A Postfix for {@code onion}, with a fresh key, in {@code directory} (emptied first), once it greets. */
    static PostfixMx start(Path directory, OnionAddress onion) {
        return start(directory, onion.asString(), PortBlock.reserve(), List.of(), Map.of(), List.of(),
            UnaryOperator.identity());
    }

    /**
     * A provider's Postfix for the legacy {@code domain}, set up as {@link #start} sets up an onion's
     * (mail for {@code user@domain} into the mbox file, smtpd on {@code ports.port(0)}, which it
     * owns from now on), with the lines {@code moreMainCf} added to main.cf (they may name
     * {@code $config_directory}) and each of {@code hashTables} (file name, text) written next to
     * it and indexed with postmap, as an administrator does. Its users send with {@link #sendmail}.
     */
    static PostfixMx startLegacy(Path directory, String domain, PortBlock ports, List<String> moreMainCf,
                                 Map<String, String> hashTables) {
        return start(directory, domain, ports, moreMainCf, hashTables, List.of(), UnaryOperator.identity());
    }

    /**
     * A provider's Postfix for {@code domain} as {@link #startLegacy} makes it, with the services
     * {@code moreMasterCf} added to master.cf, its master run by {@code launcher} (which gets
     * master's command line and returns the one to run, e.g. in a network namespace).
     */
    static PostfixMx startSender(Path directory, String domain, List<String> moreMainCf,
                                 Map<String, String> hashTables, List<String> moreMasterCf,
                                 UnaryOperator<List<String>> launcher) {
        return start(directory, domain, PortBlock.reserve(), moreMainCf, hashTables, moreMasterCf, launcher);
    }

    private static PostfixMx start(Path directory, String domain, PortBlock ports, List<String> moreMainCf,
                                   Map<String, String> hashTables, List<String> moreMasterCf,
                                   UnaryOperator<List<String>> launcher) {
        if (!Files.isExecutable(POSTFIX) || !Files.isExecutable(MASTER)) {
            throw new IllegalStateException("Debian's postfix is not installed; bin/test installs it "
                + "(apt-get install postfix, \"No configuration\")");
        }
        PostfixMx postfix = new PostfixMx(directory, domain, ports, moreMainCf, hashTables, moreMasterCf, launcher);
        try {
            Directories.deleteRecursively(directory);
            postfix.configure();
            postfix.newKey();
            postfix.startMaster();
            return postfix;
        } catch (IOException | RuntimeException e) {
            postfix.close();
            throw e instanceof IOException ? new UncheckedIOException((IOException) e) : (RuntimeException) e;
        }
    }

    /** The loopback port smtpd listens on, where the onion's port 25 leads. */
    int port() {
        return ports.port(0);
    }

    /** The certificate smtpd presents now. */
    X509Certificate certificate() {
        try (InputStream in = Files.newInputStream(certificateFile())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateException e) {
            throw new IllegalStateException(certificateFile() + " should hold the certificate openssl made", e);
        }
    }

    Path certificateFile() {
        return conf().resolve("cert.pem");
    }

    /** The full fingerprint of the key smtpd presents now, as the SMTorP address names it. */
    Fingerprint fingerprint() {
        return Fingerprint.of(certificate());
    }

    /** The mbox file {@code user@...} is delivered into, as it is now; empty before the first delivery. */
    String mailbox() {
        return readOrEmpty(directory.resolve("mail").resolve(MAILBOX_USER));
    }

    /**
     * A local user's mail, {@code message} with its header, submitted with Postfix's own sendmail
     * (for this Postfix's configuration directory) from the envelope sender {@code from} to the
     * recipients of its To: header, as a mail program on the provider's machine submits it.
     */
    void sendmail(String from, String message) throws IOException {
        Process process = new ProcessBuilder(SENDMAIL.toString(), "-C", conf().toString(), "-f", from, "-t", "-i")
            .redirectErrorStream(true).start();
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(message.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(SENDMAIL_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Postfix's sendmail did not end in " + SENDMAIL_PATIENCE);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("Postfix's sendmail failed (" + process.exitValue() + "): " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while Postfix's sendmail ran", e);
        }
    }

    /**
     * The first message of the mbox file that holds {@code needle}, once there is one, waiting at
     * most {@code patience}.
     */
    String awaitMessage(String needle, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            for (String message : mailbox().split("(?m)^(?=From )")) {
                if (message.contains(needle)) {
                    return message;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no message holding " + needle + " in " + this + " within " + patience
                    + "; its log:\n" + log());
            }
            sleep(Duration.ofMillis(500));
        }
    }

    /** Postfix's log (maillog_file), as it is now. */
    String log() {
        return readOrEmpty(directory.resolve("maillog"));
    }

    /**
     * Stops Postfix, gives it a new self-signed key (its onion stays the same), and starts it
     * again on the same port: what an operator does who regenerates the key.
     */
    void restartWithNewKey() throws IOException {
        stopMaster();
        newKey();
        startMaster();
    }

    /** Stops Postfix and starts it again with the key it was started with first. */
    void restartWithFirstKey() throws IOException {
        stopMaster();
        useKey(1);
        startMaster();
    }

    private void configure() throws IOException {
        Files.createDirectories(conf());
        Path queue = Files.createDirectories(directory.resolve("queue"));
        Path data = Files.createDirectories(directory.resolve("data"));
        Path mail = Files.createDirectories(directory.resolve("mail"));
        // Postfix's processes run as the postfix user: they walk into the queue, data and mail
        // directories, and virtual(8) writes the mailbox as that user.
        UserPrincipalLookupService users = directory.getFileSystem().getUserPrincipalLookupService();
        int uid = idOf("-u");
        int gid = idOf("-g");
        for (Path owned : List.of(data, mail)) {
            Files.setOwner(owned, users.lookupPrincipalByName(MAIL_OWNER));
            GroupPrincipal group = users.lookupPrincipalByGroupName(MAIL_OWNER);
            Files.getFileAttributeView(owned, PosixFileAttributeView.class).setGroup(group);
        }
        List<String> mainCf = new ArrayList<>(List.of(
            "# A loopback-only Postfix for one test: see PostfixMx.",
            "compatibility_level = 3.7",
            "queue_directory = " + queue,
            "data_directory = " + data,
            "mail_owner = " + MAIL_OWNER,
            "inet_interfaces = 127.0.0.1",
            "inet_protocols = ipv4",
            // Its only name is the onion: the Received line it adds names nothing else.
            "myhostname = " + domain,
            "mydomain = " + domain,
            "myorigin = $myhostname",
            "smtpd_banner = $myhostname ESMTP",
            // Tor connects from 127.0.0.1: loopback must not count as a trusted network.
            "mynetworks =",
            "mydestination =",
            "relay_domains =",
            "smtpd_relay_restrictions = reject_unauth_destination",
            "local_transport = error:5.1.1 no local delivery here",
            "alias_maps =",
            "alias_database =",
            "biff = no",
            "maillog_file = " + directory.resolve("maillog"),
            "maillog_file_prefixes = " + directory,
            "smtpd_tls_security_level = may",
            "smtpd_tls_chain_files = " + conf().resolve("key.pem") + ", " + certificateFile(),
            "smtpd_tls_loglevel = 1",
            // A table, not a list: a list's ".domain" does not match sub-domains here, and the
            // fingerprint address is one.
            "virtual_mailbox_domains = regexp:" + conf().resolve("domains"),
            "virtual_mailbox_base = " + mail,
            "virtual_mailbox_maps = regexp:" + conf().resolve("mailboxes"),
            "virtual_minimum_uid = " + uid,
            "virtual_uid_maps = static:" + uid,
            "virtual_gid_maps = static:" + gid));
        mainCf.addAll(moreMainCf);
        mainCf.add("");
        Files.writeString(conf().resolve("main.cf"), String.join("\n", mainCf), StandardCharsets.US_ASCII);
        for (Map.Entry<String, String> table : hashTables.entrySet()) {
            Path file = conf().resolve(table.getKey());
            Files.writeString(file, table.getValue(), StandardCharsets.US_ASCII);
            run(Duration.ofSeconds(30), POSTMAP.toString(), "-c", conf().toString(), "hash:" + file);
        }
        // <onion>.onion and <fingerprint>.<onion>.onion; user@ either into the mbox file "user".
        String domainPattern = "(^|\\.)" + domain.replace(".", "\\.") + "$";
        Files.writeString(conf().resolve("domains"), "/" + domainPattern + "/ OK\n", StandardCharsets.US_ASCII);
        Files.writeString(conf().resolve("mailboxes"), "/^" + MAILBOX_USER + "@([a-z2-7]+\\.)?"
            + domain.replace(".", "\\.") + "$/ " + MAILBOX_USER + "\n", StandardCharsets.US_ASCII);
        // Debian's master.cf without chroot (the test directory is no chroot jail) and with
        // postlogd, which writes maillog_file; smtpd on our port only.
        Files.writeString(conf().resolve("master.cf"), String.join("\n",
            "127.0.0.1:" + port() + " inet n - n - - smtpd",
            "pickup    unix  n - n 60    1 pickup",
            "cleanup   unix  n - n -     0 cleanup",
            "qmgr      unix  n - n 300   1 qmgr",
            "tlsmgr    unix  - - n 1000? 1 tlsmgr",
            "rewrite   unix  - - n -     - trivial-rewrite",
            "bounce    unix  - - n -     0 bounce",
            "defer     unix  - - n -     0 bounce",
            "trace     unix  - - n -     0 bounce",
            "verify    unix  - - n -     1 verify",
            "flush     unix  n - n 1000? 0 flush",
            "proxymap  unix  - - n -     - proxymap",
            "smtp      unix  - - n -     - smtp",
            "relay     unix  - - n -     - smtp",
            "showq     unix  n - n -     - showq",
            "error     unix  - - n -     - error",
            "retry     unix  - - n -     - error",
            "discard   unix  - - n -     - discard",
            "virtual   unix  - n n -     - virtual",
            "anvil     unix  - - n -     1 anvil",
            "scache    unix  - - n -     1 scache",
            "postlog   unix-dgram n - n - 1 postlogd",
            String.join("\n", moreMasterCf),
            ""), StandardCharsets.US_ASCII);
        // Creates the queue's subdirectories with their owners, and checks the configuration.
        run(Duration.ofSeconds(60), POSTFIX.toString(), "-c", conf().toString(), "check");
    }

    // A new self-signed key, as an operator makes one with openssl.
    private void newKey() throws IOException {
        keyGeneration++;
        run(OPENSSL_PATIENCE, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
            "-keyout", keyFile(keyGeneration).toString(), "-out", certificateFile(keyGeneration).toString(),
            "-days", "30", "-subj", "/CN=" + domain);
        useKey(keyGeneration);
    }

    // main.cf names key.pem and cert.pem: copies of one generation's.
    private void useKey(int generation) throws IOException {
        Files.copy(keyFile(generation), conf().resolve("key.pem"), StandardCopyOption.REPLACE_EXISTING);
        Directories.makeOwnerOnly(conf().resolve("key.pem"));
        Files.copy(certificateFile(generation), certificateFile(), StandardCopyOption.REPLACE_EXISTING);
    }

    private Path keyFile(int generation) {
        return conf().resolve("key-" + generation + ".pem");
    }

    private Path certificateFile(int generation) {
        return conf().resolve("cert-" + generation + ".pem");
    }

    private void startMaster() throws IOException {
        starts++;
        Path output = directory.resolve("master-" + starts + ".out");
        // In a session of its own, so that master, a process group leader, ends its children with it.
        master = new ProcessBuilder(OwnSession.command(launcher.apply(List.of(MASTER.toString(), "-c",
                conf().toString(), "-d"))))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
        long deadline = System.nanoTime() + START_PATIENCE.toNanos();
        while (!greets()) {
            if (!master.isAlive() || System.nanoTime() > deadline) {
                stopMaster();
                throw new IllegalStateException("Postfix did not greet on 127.0.0.1:" + port() + "; its output: "
                    + readOrEmpty(output) + "\nits log:\n" + log());
            }
            sleep(Duration.ofMillis(100));
        }
    }

    // smtpd answers 220 once master listens and can spawn it; asked where master runs.
    private boolean greets() {
        if (!launcher.apply(List.of()).isEmpty()) {
            return greetsThroughLauncher();
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port()), 1000);
            socket.setSoTimeout(5000);
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
            socket.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            return line != null && line.startsWith("220 ");
        } catch (IOException e) {
            return false;
        }
    }

    // bash's /dev/tcp, started by the launcher: where master runs, 127.0.0.1 may be another loopback.
    private boolean greetsThroughLauncher() {
        try {
            String greeting = run(Duration.ofSeconds(10), launcher.apply(List.of("bash", "-c",
                "exec 3<>/dev/tcp/127.0.0.1/" + port() + " && head -c 4 <&3")).toArray(String[]::new));
            return greeting.startsWith("220 ");
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    // master ends its children on SIGTERM; any left after it are ended too.
    private void stopMaster() {
        if (master == null) {
            return;
        }
        ChildProcesses.end(master);
        master = null;
    }

    @Override
    public void close() {
        stopMaster();
        ports.close();
    }

    private Path conf() {
        return directory.resolve("conf");
    }

    private static int idOf(String option) throws IOException {
        return Integer.parseInt(run(Duration.ofSeconds(10), "id", option, MAIL_OWNER).trim());
    }

    private static String run(Duration patience, String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end in " + patience);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): "
                    + output);
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Postfix", e);
        }
    }

    @Override
    public String toString() {
        return "Postfix for " + domain + " on 127.0.0.1:" + port() + " in " + directory;
    }
}

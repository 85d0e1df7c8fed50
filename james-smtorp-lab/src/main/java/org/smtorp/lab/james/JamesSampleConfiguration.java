/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.james;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * James 3.8.1's own sample configuration of one app, as James ships it (the resources'
 * README names the source): what an administrator starts from, so install and run are
 * tried against James's files rather than ours.
 */
public enum JamesSampleConfiguration {
    MEMORY("memory", List.of("deletedMessageVault.properties", "dnsservice.xml", "domainlist.xml",
        "extensions.properties", "healthcheck.properties", "imapserver.xml", "jmap.properties", "jmx.properties",
        "jvm.properties", "listeners.xml", "logback.xml", "mailetcontainer.xml", "mailrepositorystore.xml",
        "managesieveserver.xml", "pop3server.xml", "recipientrewritetable.xml", "smtpserver.xml",
        "usersrepository.xml", "webadmin.properties")),
    JPA("jpa", List.of("dnsservice.xml", "domainlist.xml", "extensions.properties", "healthcheck.properties",
        "imapserver.xml", "james-database-mariadb.properties", "james-database.properties", "jmx.properties",
        "jvm.properties", "jwt_publickey", "listeners.xml", "lmtpserver.xml", "logback.xml", "mailetcontainer.xml",
        "mailrepositorystore.xml", "managesieveserver.xml", "pop3server.xml", "recipientrewritetable.xml",
        "smtpserver.xml", "usersrepository.xml", "webadmin.properties")),
    DISTRIBUTED("distributed", List.of("batchsizes.properties", "blob.properties", "cassandra-driver.conf",
        "cassandra.properties", "deletedMessageVault.properties", "dnsservice.xml", "domainlist.xml",
        "extensions.properties", "healthcheck.properties", "imapserver.xml", "jmap.properties", "jmx.properties",
        "jvm.properties", "listeners.xml", "lmtpserver.xml", "logback.xml", "mailetcontainer.xml",
        "mailrepositorystore.xml", "managesieveserver.xml", "opensearch.properties", "pop3server.xml",
        "rabbitmq.properties", "recipientrewritetable.xml", "smtpserver.xml", "tika.properties",
        "usersrepository.xml", "webadmin.properties"));

    private static final String FOLDER = "sample-configuration/";

    private final String folder;
    private final List<String> files;

    JamesSampleConfiguration(String folder, List<String> files) {
        this.folder = folder;
        this.files = files;
    }

    public List<String> files() {
        return files;
    }

    /** One file's text, byte for byte as James ships it. */
    public String text(String name) {
        try (InputStream in = JamesSampleConfiguration.class.getResourceAsStream(FOLDER + folder + "/" + name)) {
            return new String(Objects.requireNonNull(in, FOLDER + folder + "/" + name).readAllBytes(),
                StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes every file of the sample into {@code conf}, as an administrator's {@code conf/} starts. */
    public void copyTo(Path conf) {
        try {
            Files.createDirectories(conf);
            for (String name : files) {
                try (InputStream in = JamesSampleConfiguration.class.getResourceAsStream(FOLDER + folder + "/" + name)) {
                    Files.write(conf.resolve(name), Objects.requireNonNull(in, name).readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy James's " + folder + " sample configuration to " + conf, e);
        }
    }
}

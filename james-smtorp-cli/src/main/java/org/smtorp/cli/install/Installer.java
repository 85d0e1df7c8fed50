/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.smtorp.protocol.identity.ServerIdentity;

/**
 * SMTorP added to a James home, the way {@code smtorp install} does it. Every file is read and
 * merged before anything is written: a file that is not James's refuses the whole install
 * ({@link InstallRefusal}). The identity is made (as {@code smtorp init} makes it) only then,
 * if {@code smtorp.properties} names a directory without one, because the onion listener needs
 * its onion, key store and secret.
 */
public final class Installer {
    private static final String SMTPSERVER_ONION = "smtpserver-onion.xml";
    private static final String MAILETCONTAINER_ONION = "mailetcontainer-onion.xml";
    private static final List<String> LIST_FILES = List.of("extensions.properties", "healthcheck.properties",
        "webadmin.properties");

    private final JamesHome home;
    private final DropInSet jars;
    private final Map<String, String> settings;

    private Installer(JamesHome home, DropInSet jars, Map<String, String> settings) {
        this.home = home;
        this.jars = jars;
        this.settings = Map.copyOf(settings);
    }

    /**
     * @param settings {@code smtorp.properties} keys to set (in the shipped file when the home has
     *     none, else in the home's own), e.g. {@code tor.mode}
     */
    static Installer of(Path home, Path jars, Map<String, String> settings) throws IOException {
        return new Installer(JamesHome.of(home), DropInSet.of(jars), settings);
    }

    /** What install changes; with {@code makeIdentity}, a missing identity is made first (the only write). */
    InstallPlan plan(boolean makeIdentity) throws IOException {
        List<String> notes = new ArrayList<>();
        Optional<String> properties = home.confText(SmtorpSettings.FILE);
        String newProperties = PropertiesText.set(properties.orElse(ShippedConf.text(SmtorpSettings.FILE)), settings);
        if (settings.isEmpty() && properties.isPresent()) {
            newProperties = properties.get();
        }
        SmtorpSettings smtorp = SmtorpSettings.of(newProperties, home.root());
        Path identityDirectory = smtorp.identityDirectory();
        boolean hasIdentity = ServerIdentity.exists(identityDirectory);
        // Checks every file with the values still unknown, so a refusal comes before the identity is made.
        confChanges(properties, newProperties, ListenerValues.pending(identityDirectory, smtorp.listenerPort()), notes);
        ListenerValues listener;
        if (hasIdentity) {
            listener = ListenerValues.of(ServerIdentity.load(identityDirectory), smtorp.listenerPort());
        } else if (makeIdentity) {
            ServerIdentity made = ServerIdentity.create(identityDirectory);
            notes.add("made the SMTorP identity " + made.domain().asString() + " in " + identityDirectory
                + " (as smtorp init does)");
            listener = ListenerValues.of(made, smtorp.listenerPort());
        } else {
            notes.add("would make the SMTorP identity in " + identityDirectory + " (as smtorp init does)");
            listener = ListenerValues.pending(identityDirectory, smtorp.listenerPort());
        }
        List<String> jarNotes = new ArrayList<>();
        List<Change> changes = new ArrayList<>(confChanges(properties, newProperties, listener, new ArrayList<>()));
        changes.addAll(jars.changes(home, jarNotes));
        notes.addAll(jarNotes);
        return new InstallPlan(home, changes, notes, listener.domain());
    }

    private List<Change> confChanges(Optional<String> properties, String newProperties, ListenerValues listener,
                                     List<String> notes) throws IOException {
        List<Change> changes = new ArrayList<>();
        if (properties.isEmpty() || !properties.get().equals(newProperties)) {
            changes.add(ConfChange.of(home, SmtorpSettings.FILE, properties, newProperties,
                properties.isEmpty() ? "SMTorP's settings (conf/smtorp.properties as shipped"
                    + (settings.isEmpty() ? ")" : ", with " + String.join(", ", settings.keySet()) + " set)")
                    : String.join(", ", settings.keySet()) + " set")
                .holdingProperty(SmtorpSettings.CONTROL_PASSWORD, SmtorpSettings.holdsControlPassword(newProperties)));
        }
        for (String name : LIST_FILES) {
            Optional<String> text = home.confText(name);
            if (text.isEmpty() && name.equals("webadmin.properties")) {
                notes.add("no conf/webadmin.properties: WebAdmin is off, so SMTorP's routes are not added");
                continue;
            }
            Map<String, List<String>> ours = PropertiesMerge.lists(ShippedConf.text(name));
            Optional<String> merged = PropertiesMerge.merge(text.orElse(""), ours);
            if (merged.isPresent()) {
                changes.add(ConfChange.of(home, name, text, merged.get(), "added " + describe(ours)));
            }
        }
        String servers = required(SmtpServersMerge.FILE);
        SmtpServersMerge.merge(servers, ShippedConf.text(SMTPSERVER_ONION), listener).ifPresent(merged ->
            changes.add(ConfChange.of(home, SmtpServersMerge.FILE, Optional.of(servers), merged,
                "added the onion listener, " + listener).holding(listener.secret())));
        String container = required(MailetContainerMerge.FILE);
        MailetContainerMerge.merge(container, ShippedConf.text(MAILETCONTAINER_ONION)).ifPresent(merged ->
            changes.add(ConfChange.of(home, MailetContainerMerge.FILE, Optional.of(container), merged,
                "added SMTorP's mailets to the relay and local-delivery processors")));
        Optional<String> domains = home.confText(DomainListMerge.FILE);
        if (domains.isPresent()) {
            DomainListMerge.merge(domains.get(), listener.domain()).ifPresent(merged ->
                changes.add(ConfChange.of(home, DomainListMerge.FILE, domains, merged,
                    "added the onion domain " + listener.domain())));
        } else {
            notes.add("no conf/domainlist.xml: add the onion domain with WebAdmin (PUT /domains/" + listener.domain() + ")");
        }
        Optional<String> logback = home.confText(LogbackMerge.FILE);
        if (logback.isPresent()) {
            LogbackMerge.merge(logback.get()).ifPresent(merged ->
                changes.add(ConfChange.of(home, LogbackMerge.FILE, logback, merged,
                    "added a logger org.smtorp at INFO, so SMTorP's lines show")));
        } else {
            notes.add("no conf/logback.xml: make sure org.smtorp logs at INFO wherever James's logging is configured");
        }
        return changes;
    }

    private String required(String name) throws IOException {
        return home.confText(name).orElseThrow(() -> new InstallRefusal(home.relative(home.conf(name))
            + " is missing: " + home.root() + " is not a James home install can merge into"));
    }

    private static String describe(Map<String, List<String>> keys) {
        Map<String, String> shown = new LinkedHashMap<>();
        keys.forEach((key, values) -> shown.put(key, String.join(",", values)));
        return shown.toString().replaceAll("^\\{|}$", "");
    }
}

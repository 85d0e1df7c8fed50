/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.util.Map;

/**
 * The merges of {@code smtorp install}, for {@code smtorp run}, which writes a whole James
 * {@code conf/} at each start: one implementation, so run starts what install writes.
 */
public final class ConfMerge {
    private ConfMerge() {
    }

    /** {@code servers} with the shipped onion listener added, filled in with {@code listener}. */
    public static String smtpServers(String servers, ListenerValues listener) {
        return SmtpServersMerge.merge(servers, ShippedConf.text("smtpserver-onion.xml"), listener)
            .orElseThrow(() -> new IllegalStateException("smtpserver.xml has an onion listener already"));
    }

    /**
     * {@code container} with the shipped mailets added, each init parameter named in
     * {@code parameters} set to its value in every mailet that has it.
     */
    public static String mailetContainer(String container, Map<String, String> parameters) {
        String snippet = MailetParameters.set(ShippedConf.text("mailetcontainer-onion.xml"), parameters);
        return MailetContainerMerge.merge(container, snippet)
            .orElseThrow(() -> new IllegalStateException("mailetcontainer.xml has SMTorP's mailets already"));
    }
}

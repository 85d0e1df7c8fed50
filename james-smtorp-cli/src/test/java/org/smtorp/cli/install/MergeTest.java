/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The merges on files James's samples do not show: lists with values, CRLF, covering loggers. */
class MergeTest {
    @Test
    void propertiesMergeShouldAddOurValueAfterTheAdministratorsOwn() {
        String merged = PropertiesMerge.merge("# mine\nguice.extension.module=com.example.Mine\nother=1\n",
            Map.of("guice.extension.module", List.of("org.smtorp.extension.SmtorpModule"))).orElseThrow();

        assertThat(merged).isEqualTo("# mine\nguice.extension.module=com.example.Mine,org.smtorp.extension.SmtorpModule"
            + "\nother=1\n");
    }

    @Test
    void propertiesMergeShouldLeaveAListedValueAlone() {
        assertThat(PropertiesMerge.merge("guice.extension.module = a.B, org.smtorp.extension.SmtorpModule\n",
            Map.of("guice.extension.module", List.of("org.smtorp.extension.SmtorpModule")))).isEmpty();
    }

    @Test
    void propertiesMergeShouldJoinAContinuedValueIntoOneLine() {
        String merged = PropertiesMerge.merge("guice.extension.module=a.B,\\\n    c.D\nnext=1\n",
            Map.of("guice.extension.module", List.of("e.F"))).orElseThrow();

        assertThat(merged).isEqualTo("guice.extension.module=a.B,c.D,e.F\nnext=1\n");
    }

    @Test
    void outlineShouldLocateElementsInACrlfFile() {
        String text = "<?xml version=\"1.0\"?>\r\n<a>\r\n  <b x=\"1\">t</b>\r\n  <c/>\r\n</a>\r\n";

        XmlOutline outline = XmlOutline.parse(text, "f.xml");
        XmlOutline.Element b = outline.root().children().get(0);
        XmlOutline.Element c = outline.root().children().get(1);

        assertThat(text.substring(b.start(), b.end())).isEqualTo("<b x=\"1\">t</b>");
        assertThat(text.substring(c.start(), c.end())).isEqualTo("<c/>");
        assertThat(outline.lineSeparator()).isEqualTo("\r\n");
    }

    @Test
    void logbackMergeShouldKeepALoggerTheAdministratorWrote() {
        assertThat(LogbackMerge.merge("<configuration>\n  <root level=\"WARN\"/>\n  <logger name=\"org.smtorp\""
            + " level=\"DEBUG\"/>\n</configuration>\n")).isEmpty();
    }

    @Test
    void logbackMergeShouldAddNothingWhenTheRootShowsInfo() {
        assertThat(LogbackMerge.merge("<configuration>\n  <root level=\"info\"/>\n</configuration>\n")).isEmpty();
    }

    @Test
    void mailetContainerMergeShouldGoFirstInARelayWithoutRemoteDelivery() {
        String container = "<mailetcontainer>\n    <processors>\n        <processor state=\"relay\">\n"
            + "            <mailet match=\"All\" class=\"com.example.Gateway\"/>\n        </processor>\n"
            + "        <processor state=\"local-delivery\">\n            <mailet match=\"All\" class=\"LocalDelivery\"/>\n"
            + "        </processor>\n    </processors>\n</mailetcontainer>\n";

        String merged = MailetContainerMerge.merge(container, ShippedConf.text("mailetcontainer-onion.xml")).orElseThrow();

        assertThat(merged.indexOf("OnionRemoteDelivery")).isLessThan(merged.indexOf("com.example.Gateway"));
    }

    // A key store secret is base64url: "--" in it once ended the snippet's notes, and install refused the file.
    @Test
    void smtpServersMergeShouldTakeASecretThatCouldEndAComment() {
        ListenerValues values = ListenerValues.of("abc.onion", 2525, Path.of("/srv/identity"), "a--b");

        String merged = SmtpServersMerge.merge("<smtpservers>\n</smtpservers>\n",
            ShippedConf.text("smtpserver-onion.xml"), values).orElseThrow();

        assertThat(merged).contains("<secret>a--b</secret>");
    }

    @Test
    void mailetContainerMergeShouldFillASelfClosingRelayProcessor() {
        String container = "<mailetcontainer>\n    <processors>\n        <processor state=\"relay\"/>\n"
            + "        <processor state=\"local-delivery\">\n            <mailet match=\"All\" class=\"LocalDelivery\"/>\n"
            + "        </processor>\n    </processors>\n</mailetcontainer>\n";

        String merged = MailetContainerMerge.merge(container, ShippedConf.text("mailetcontainer-onion.xml")).orElseThrow();

        assertThat(JamesReads.mailets(JamesReads.xml(merged), "relay")).containsExactly(
            "org.smtorp.mailets.announce.AddSmtorpAddress", "org.smtorp.mailets.guards.MixedRecipientGuard",
            "org.smtorp.mailets.delivery.OnionRemoteDelivery");
        assertThat(JamesReads.xml(merged).configurationsAt("processors.mailet")).isEmpty();
    }

    @Test
    void logbackMergeShouldFillASelfClosingConfiguration() {
        String merged = LogbackMerge.merge("<?xml version=\"1.0\"?>\n<configuration/>\n").orElseThrow();

        assertThat(JamesReads.xml(merged).getString("logger[@name]")).isEqualTo("org.smtorp");
    }

    @Test
    void domainListMergeShouldFillASelfClosingDomainList() {
        String merged = DomainListMerge.merge("<domainlist/>\n", "abc.onion").orElseThrow();

        assertThat(JamesReads.xml(merged).getString("domainnames.domainname")).isEqualTo("abc.onion");
    }

    @Test
    void mailetContainerMergeShouldIgnoreARelayProcessorInAComment() {
        String container = "<mailetcontainer>\n    <processors>\n"
            + "        <!-- <processor state=\"relay\"><mailet match=\"All\" class=\"RemoteDelivery\"/></processor> -->\n"
            + "        <processor state=\"relay\">\n            <mailet match=\"All\" class=\"RemoteDelivery\"/>\n"
            + "        </processor>\n        <processor state=\"local-delivery\">\n"
            + "            <mailet match=\"All\" class=\"LocalDelivery\"/>\n        </processor>\n"
            + "    </processors>\n</mailetcontainer>\n";

        String merged = MailetContainerMerge.merge(container, ShippedConf.text("mailetcontainer-onion.xml")).orElseThrow();

        assertThat(merged).startsWith(container.substring(0, container.indexOf("-->") + 3));
        assertThat(JamesReads.mailets(JamesReads.xml(merged), "relay")).endsWith(
            "org.smtorp.mailets.delivery.OnionRemoteDelivery", "RemoteDelivery");
    }

    @Test
    void mailetContainerMergeShouldLeaveOurCommentedOutMailetsOff() {
        String container = "<mailetcontainer>\n    <processors>\n        <processor state=\"relay\">\n"
            + "            <!-- off for now: <mailet match=\"org.smtorp.mailets.matchers.HasTorRoute\"\n"
            + "                 class=\"org.smtorp.mailets.delivery.OnionRemoteDelivery\"/> -->\n"
            + "            <mailet match=\"All\" class=\"RemoteDelivery\"/>\n        </processor>\n"
            + "        <processor state=\"local-delivery\">\n"
            + "            <mailet match=\"All\" class=\"org.smtorp.mailets.announce.RecordSmtorpAddress\"/>\n"
            + "            <mailet match=\"All\" class=\"LocalDelivery\"/>\n        </processor>\n"
            + "    </processors>\n</mailetcontainer>\n";

        assertThat(MailetContainerMerge.merge(container, ShippedConf.text("mailetcontainer-onion.xml"))).isEmpty();
    }

    @Test
    void smtpServersMergeShouldLeaveOurCommentedOutListenerOff() {
        String servers = "<smtpservers>\n    <smtpserver enabled=\"true\">\n        <jmxName>smtpserver</jmxName>\n"
            + "    </smtpserver>\n    <!-- onion off:\n    <smtpserver enabled=\"true\">\n"
            + "        <jmxName>smtpserver-onion</jmxName>\n    </smtpserver> -->\n</smtpservers>\n";

        assertThat(SmtpServersMerge.merge(servers, ShippedConf.text("smtpserver-onion.xml"),
            ListenerValues.pending(java.nio.file.Path.of("/srv/id"), 2525))).isEmpty();
    }

    // docs/gateway.md: the gateway listener is pasted by hand, perhaps before install runs.
    @Test
    void smtpServersMergeShouldAddTheOnionListenerBesideAGatewayListener() {
        String shippedGateway = ShippedConf.text("smtpserver-gateway.xml");
        String servers = "<smtpservers>\n" + shippedGateway.substring(shippedGateway.indexOf("<smtpserver enabled="))
            + "\n</smtpservers>\n";

        String merged = SmtpServersMerge.merge(servers, ShippedConf.text("smtpserver-onion.xml"),
            ListenerValues.of("abc.onion", 2525, Path.of("/srv/identity"), "secret")).orElseThrow();

        assertThat(merged).contains("<jmxName>smtpserver-gateway</jmxName>", "<jmxName>smtpserver-onion</jmxName>");
    }

    @Test
    void mergesShouldRefuseADoctypeSoNoExternalEntityIsEverRead() {
        String container = "<?xml version=\"1.0\"?>\n<!DOCTYPE mailetcontainer [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n"
            + "<mailetcontainer><processors><processor state=\"relay\">&x;</processor></processors></mailetcontainer>\n";

        assertThatThrownBy(() -> MailetContainerMerge.merge(container, ShippedConf.text("mailetcontainer-onion.xml")))
            .isInstanceOf(InstallRefusal.class).hasMessageContaining("mailetcontainer.xml is not well-formed XML (line 2)")
            .hasMessageNotContaining("root:");
    }

    @Test
    void mailetContainerMergeShouldKeepACrlfFileCrlf() {
        String container = ("<mailetcontainer>\n    <processors>\n        <processor state=\"relay\">\n"
            + "            <mailet match=\"All\" class=\"RemoteDelivery\"/>\n        </processor>\n"
            + "        <processor state=\"local-delivery\">\n            <mailet match=\"All\" class=\"LocalDelivery\"/>\n"
            + "        </processor>\n    </processors>\n</mailetcontainer>\n").replace("\n", "\r\n");

        String merged = MailetContainerMerge.merge(container, ShippedConf.text("mailetcontainer-onion.xml")).orElseThrow();

        assertThat(merged.replace("\r\n", "")).doesNotContain("\n", "\r");
        assertThat(JamesReads.mailets(JamesReads.xml(merged), "relay")).endsWith(
            "org.smtorp.mailets.delivery.OnionRemoteDelivery", "RemoteDelivery");
    }
}

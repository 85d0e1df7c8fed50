/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.junit.jupiter.api.Test;

class DuplicateRcptHandlerTest {
    private static final String ONION = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";

    private final DuplicateRcptHandler handler = new DuplicateRcptHandler();
    private final SMTPSession session = TestSessions.underTls();

    private void accepted(String... recipients) throws Exception {
        List<MailAddress> list = new ArrayList<>();
        for (String recipient : recipients) {
            list.add(new MailAddress(recipient));
        }
        session.setAttachment(SMTPSession.RCPT_LIST, list, State.Transaction);
    }

    private HookResult rcpt(String address) throws Exception {
        return handler.doRcpt(session, MaybeSender.nullSender(), new MailAddress(address));
    }

    @Test
    void aNewMailboxShouldPass() throws Exception {
        accepted("alice@" + ONION);

        assertThat(rcpt("bob@" + ONION)).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void theSameMailboxShouldBeRefusedWith550() throws Exception {
        accepted("alice@" + ONION);

        HookResult refused = rcpt("alice@" + ONION);

        assertThat(refused.getSmtpRetCode()).isEqualTo("550");
        assertThat(refused.getSmtpDescription()).startsWith("5.1.0 Duplicate recipient");
    }

    @Test
    void theSameMailboxInAnotherCaseShouldBeRefused() throws Exception {
        accepted("alice@" + ONION);

        assertThat(rcpt("ALICE@" + ONION.toUpperCase()).getSmtpRetCode()).isEqualTo("550");
    }

    @Test
    void theSameMailboxWithOurFingerprintShouldBeRefused() throws Exception {
        accepted("alice@" + ONION);

        assertThat(rcpt("alice@abcdefghijklmnopqrst." + ONION).getSmtpRetCode()).isEqualTo("550");
    }

    /** A command handler that is not a line handler, for result handler tests. */
    static final class NoCommands implements CommandHandler<SMTPSession> {
        @Override
        public Response onCommand(SMTPSession session, Request request) {
            return null;
        }

        @Override
        public Collection<String> getImplCommands() {
            return List.of();
        }
    }
}

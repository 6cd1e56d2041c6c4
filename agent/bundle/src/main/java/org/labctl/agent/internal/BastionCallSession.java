package org.labctl.agent.internal;

import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.function.Function;
import org.labctl.api.BastionCall;
import org.labctl.api.ExecData;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecProtocol;

/**
 * A call to the standalone bastion running beside this agent ({@code lab-agent bastion}), sent by
 * labd in a start frame: the answer goes out as JSON on stdout within the client's window, then
 * exit 0; a refusal is an error frame with the bastion's status (400, 404, 409, 503). It runs on
 * a thread of its own, so that a large answer waiting for window credit holds up nothing else.
 */
final class BastionCallSession implements AgentSession {

    /** Answers a call: the JSON, or throws what the bastion refused it with. */
    interface Bastions extends Function<BastionCall, byte[]> {
    }

    /** The bastion refused the call: its message and HTTP-like status. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(String message, int status) {
            super(message);
            this.status = status;
        }
    }

    private static final int MAX_PAYLOAD = 32 * 1024;

    private final UUID session;
    private final BastionCall call;
    private final Bastions bastions;
    private final ExecRunner.Outbound out;
    private final CreditWindow window = new CreditWindow(ExecProtocol.INITIAL_WINDOW);
    private volatile boolean running;

    BastionCallSession(ExecFrame start, Bastions bastions, ExecRunner.Outbound out) {
        this.session = start.session();
        this.call = start.bastion();
        this.bastions = bastions;
        this.out = out;
    }

    @Override
    public void start() {
        byte[] answer;
        try {
            answer = bastions.apply(call.check());
        } catch (Refused e) {
            out.control(ExecFrame.error(session, e.getMessage(), e.status));
            return;
        } catch (IllegalArgumentException e) {
            out.control(ExecFrame.error(session, e.getMessage(), 400));
            return;
        }
        running = true;
        out.control(ExecFrame.started(session, ProcessHandle.current().pid()));
        Thread sender = new Thread(() -> send(answer), "bastion-call-" + session.toString().substring(0, 8));
        sender.setDaemon(true);
        sender.start();
    }

    private void send(byte[] answer) {
        int code = 0;
        try {
            for (int offset = 0; offset < answer.length; ) {
                int allowed = window.take(MAX_PAYLOAD);
                if (allowed < 0) {
                    code = 130; // aborted
                    break;
                }
                int length = Math.min(allowed, answer.length - offset);
                window.giveBack(allowed - length);
                out.data(ExecProtocol.STDOUT, ByteBuffer.wrap(answer, offset, length));
                offset += length;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = 130;
        } catch (RuntimeException e) {
            code = 1; // the connection broke: labd closes the session as lost
        } finally {
            running = false;
            try {
                out.control(ExecFrame.exit(session, code, null, false));
            } catch (RuntimeException e) {
                // the connection is gone
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void accept(ExecFrame frame) {
        if (ExecProtocol.WINDOW.equals(frame.type()) && frame.bytes() != null) {
            window.grant(frame.bytes());
        } else if (ExecProtocol.ABORT.equals(frame.type()) || ExecProtocol.SIGNAL.equals(frame.type())) {
            window.close();
        }
    }

    @Override
    public void accept(ExecData data) {
        // a call reads no input
    }

    @Override
    public void abort() {
        window.close();
    }
}

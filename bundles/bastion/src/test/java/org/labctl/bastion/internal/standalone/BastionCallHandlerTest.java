package org.labctl.bastion.internal.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.labctl.api.BastionCall;
import org.labctl.api.BastionInfo;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecProtocol;
import org.labctl.api.Failure;
import org.labctl.api.MachineInfo;
import org.labctl.api.NotFoundException;
import org.labctl.api.ProvisionRequest;
import org.labctl.api.session.AgentSession;
import org.labctl.api.session.Outbound;
import org.labctl.bastion.Bastion;

/** labd's calls to the standalone bastion, answered by the bastion bundle's handler. */
class BastionCallHandlerTest {

    private final List<String> forgotten = new ArrayList<>();
    private final Bastion bastion = new Bastion() {
        @Override
        public String environment() {
            return "lab";
        }

        @Override
        public BastionInfo info() {
            return new BastionInfo("baremetal", "lab", "http://10.0.0.1:8080", "10.0.0.0/24", "10.0.0.1", 0);
        }

        @Override
        public List<MachineInfo> machines() {
            return List.of();
        }

        @Override
        public MachineInfo provision(String mac, ProvisionRequest request, String by) {
            throw new AssertionError("these tests never provision through the handler");
        }

        @Override
        public MachineInfo forget(String mac, String by) {
            forgotten.add(mac + " by " + by);
            throw new NotFoundException("no machine " + mac);
        }

        @Override
        public List<String> events(String mac, int lines) {
            return List.of();
        }

        @Override
        public long eventsEnd() {
            return 0;
        }

        @Override
        public long events(long offset, String mac, List<String> into) {
            return offset;
        }
    };

    private static final class Recorder implements Outbound {
        final List<ExecFrame> controls = new ArrayList<>();
        final StringBuilder stdout = new StringBuilder();
        final CountDownLatch ended = new CountDownLatch(1);

        @Override
        public synchronized void data(int channel, ByteBuffer payload) {
            stdout.append(StandardCharsets.UTF_8.decode(payload));
        }

        @Override
        public synchronized void control(ExecFrame frame) {
            controls.add(frame);
            if (!ExecProtocol.STARTED.equals(frame.type())) {
                ended.countDown();
            }
        }
    }

    private final BastionCallHandler handler = new BastionCallHandler(bastion);

    @Test
    void aCallIsAnsweredAsJsonOnStdoutThenExit() throws Exception {
        assertEquals(BastionCall.KIND, handler.kind());
        Recorder out = new Recorder();
        AgentSession session = handler.open(UUID.randomUUID(), Map.of("op", "info", "by", "alice"), out);
        session.start();
        assertEquals(true, out.ended.await(10, TimeUnit.SECONDS));
        assertEquals(ExecProtocol.STARTED, out.controls.get(0).type());
        assertEquals(ExecProtocol.EXIT, out.controls.get(1).type());
        assertEquals(0, out.controls.get(1).code());
        assertEquals("{\"cloud\":\"baremetal\",\"environment\":\"lab\",\"url\":\"http://10.0.0.1:8080\",\"dhcp\":\"10.0.0.0/24\","
                + "\"tftp\":\"10.0.0.1\",\"machines\":0}", out.stdout.toString());
    }

    @Test
    void theBastionsRefusalIsAnErrorFrameWithItsFailure() throws Exception {
        Recorder out = new Recorder();
        handler.open(UUID.randomUUID(), Map.of("op", "forget", "mac", "52:54:00:12:34:56", "by", "alice"), out).start();
        assertEquals(List.of("52:54:00:12:34:56 by alice through labd"), forgotten);
        ExecFrame error = out.controls.get(0);
        assertEquals(ExecProtocol.ERROR, error.type());
        assertEquals(Failure.NOT_FOUND, error.failure());
        assertEquals("no machine 52:54:00:12:34:56", error.message());
        Recorder malformed = new Recorder();
        handler.open(UUID.randomUUID(), Map.of("op", "forget"), malformed).start();
        assertEquals(Failure.INVALID_ARGUMENT, malformed.controls.get(0).failure());
        assertThrows(IllegalArgumentException.class, () -> handler.open(UUID.randomUUID(), Map.of("op", List.of()), new Recorder()));
    }
}

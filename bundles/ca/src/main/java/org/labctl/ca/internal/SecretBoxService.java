package org.labctl.ca.internal;

import java.io.IOException;
import org.labctl.ca.SecretBox;
import org.labctl.core.Labd;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The master-key secret box, as a service; fails to activate (with the reason logged) when the key is unusable. */
@Component(service = SecretBox.class)
public class SecretBoxService implements SecretBox {

    private final SecretBox box;

    @Activate
    public SecretBoxService(@Reference Labd labd) throws IOException {
        this.box = new AesGcmSecretBox(MasterKey.load(System.getenv(), labd.dataDirectory()));
    }

    @Override
    public Sealed seal(byte[] plaintext, String associatedData) {
        return box.seal(plaintext, associatedData);
    }

    @Override
    public byte[] open(Sealed sealed, String associatedData) {
        return box.open(sealed, associatedData);
    }
}

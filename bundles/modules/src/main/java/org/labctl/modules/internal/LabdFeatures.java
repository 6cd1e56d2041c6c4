package org.labctl.modules.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.labctl.api.InvalidArgument;
import org.labctl.modules.ModuleDescriptor;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A module's labd side: its {@code features.xml}, a Karaf features repository, read without DTDs or external
 * entities. Its bundles are files of the module, named by their file names ({@code <bundle>x-labd-1.0.0.jar</bundle>}),
 * so that labd installs only what it pinned; before Karaf reads it, {@link #materialized} points them at the
 * copies labd verified in its data directory. A feature may need Karaf's own features ({@code <feature>scr</feature>});
 * {@code <repository>} and {@code <configfile>}, which would fetch what labd did not pin, are refused.
 *
 * @param feature the feature to install
 * @param bundles the bundle files its features name, in order
 */
public record LabdFeatures(String feature, List<String> bundles) {

    /** The most bytes of a features.xml. */
    public static final int MAX_SIZE = 256 * 1024;
    private static final String FILE = ModuleDescriptor.FEATURES_FILE;

    /**
     * The labd side in a features.xml's bytes.
     *
     * @param feature the feature module.yaml's {@code labd.feature} names, which it must hold
     * @throws InvalidArgument naming what is wrong
     */
    public static LabdFeatures parse(byte[] xml, String feature) {
        Document document = document(xml);
        Element root = document.getDocumentElement();
        if (!"features".equals(root.getLocalName())) {
            throw new InvalidArgument(FILE + ": its root element is <" + root.getLocalName() + ">, not <features>; it is a Karaf "
                    + "features repository");
        }
        if (!children(root, "repository").isEmpty()) {
            throw new InvalidArgument(FILE + ": <repository> is not allowed: a module's labd side is its own features and "
                    + "the bundles in its directory, and may need Karaf's features (<feature>scr</feature>)");
        }
        boolean found = false;
        Set<String> bundles = new LinkedHashSet<>();
        for (Element declared : children(root, "feature")) {
            found |= feature.equals(declared.getAttribute("name"));
            if (!descendants(declared, "configfile").isEmpty()) {
                throw new InvalidArgument(FILE + ": feature " + declared.getAttribute("name") + ": <configfile> is not allowed "
                        + "(labd installs only the files the module pins); pass settings as the module's parameters");
            }
            for (Element bundle : descendants(declared, "bundle")) {
                String location = bundle.getTextContent().strip();
                if (!ModuleDescriptor.isBundleFileName(location)) {
                    throw new InvalidArgument(FILE + ": feature " + declared.getAttribute("name") + ": bundle " + Text.quote(location)
                            + " is not a jar of the module's directory; put the jar beside features.xml and name it by its "
                            + "file name (<bundle>x-labd-1.0.0.jar</bundle>), so that labd pins it");
                }
                bundles.add(location);
            }
        }
        if (!found) {
            throw new InvalidArgument(FILE + ": it has no feature " + Text.quote(feature) + ", which module.yaml's labd.feature names");
        }
        return new LabdFeatures(feature, List.copyOf(bundles));
    }

    /**
     * The features.xml with each bundle pointed at its copy in {@code directory} ({@code file:} URLs), for
     * Karaf's features service.
     */
    public static byte[] materialized(byte[] xml, Path directory) {
        Document document = document(xml);
        for (Element bundle : descendants(document.getDocumentElement(), "bundle")) {
            String location = bundle.getTextContent().strip();
            if (ModuleDescriptor.isBundleFileName(location)) {
                bundle.setTextContent(directory.resolve(location).toUri().toString());
            }
        }
        try {
            TransformerFactory factory = TransformerFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Transformer transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write features.xml: " + e.getMessage(), e);
        }
    }

    private static Document document(byte[] xml) {
        if (xml.length > MAX_SIZE) {
            throw new InvalidArgument(FILE + " is more than " + MAX_SIZE + " bytes");
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            throw new InvalidArgument(FILE + " is not well-formed XML (a DOCTYPE is not allowed): "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        } catch (ParserConfigurationException | IOException e) {
            throw new IllegalStateException("cannot read features.xml: " + e.getMessage(), e);
        }
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    private static List<Element> descendants(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getElementsByTagNameNS("*", name);
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }
}

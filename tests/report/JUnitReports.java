package report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Reads junit.xml the way a CI system does: validated against tests/report/junit.xsd, then its test cases. */
final class JUnitReports {
    record TestCase(String name, String classname, double time, String outcome, String type, String message) {}

    private JUnitReports() {}

    static List<TestCase> read(Path junitXml) throws Exception {
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(new StreamSource(Path.of("tests/report/junit.xsd").toFile()))
                .newValidator().validate(new StreamSource(junitXml.toFile()));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junitXml.toFile());
        List<TestCase> cases = new ArrayList<>();
        NodeList list = doc.getElementsByTagName("testcase");
        for (int i = 0; i < list.getLength(); i++) {
            Element tc = (Element) list.item(i);
            String outcome = "passed";
            String type = null;
            String message = null;
            for (String kind : List.of("failure", "error", "skipped")) {
                NodeList n = tc.getElementsByTagName(kind);
                if (n.getLength() > 0) {
                    Element e = (Element) n.item(0);
                    outcome = kind;
                    type = e.getAttribute("type");
                    message = e.getAttribute("message");
                }
            }
            cases.add(new TestCase(tc.getAttribute("name"), tc.getAttribute("classname"), Double.parseDouble(tc.getAttribute("time")),
                    outcome, type, message));
        }
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        long failures = cases.stream().filter(c -> c.outcome().equals("failure")).count();
        if (Integer.parseInt(suite.getAttribute("tests")) != cases.size() || Integer.parseInt(suite.getAttribute("failures")) != failures) {
            throw new AssertionError("testsuite counts disagree with its test cases: tests=" + suite.getAttribute("tests")
                    + " failures=" + suite.getAttribute("failures") + " but " + cases);
        }
        return cases;
    }
}

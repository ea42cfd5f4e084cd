package aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** DescribeAlarms by name prefix, every page. */
final class ListAlarms {
    record Alarm(String name, Instant updated) {}

    private ListAlarms() {}

    static List<Alarm> withPrefix(AwsSession session, String prefix) {
        List<Alarm> out = new ArrayList<>();
        String next = null;
        do {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("AlarmNamePrefix", prefix);
            if (next != null) {
                params.put("NextToken", next);
            }
            Document d = CloudWatchQuery.call(session, "DescribeAlarms", params);
            NodeList members = d.getElementsByTagName("MetricAlarms");
            for (int i = 0; i < members.getLength(); i++) {
                NodeList alarms = ((Element) members.item(i)).getElementsByTagName("member");
                for (int j = 0; j < alarms.getLength(); j++) {
                    Element a = (Element) alarms.item(j);
                    String name = text(a, "AlarmName");
                    if (name != null && a.getParentNode() == members.item(i)) {
                        String updated = text(a, "AlarmConfigurationUpdatedTimestamp");
                        out.add(new Alarm(name, parse(updated)));
                    }
                }
            }
            next = text(d.getDocumentElement(), "NextToken");
        } while (next != null && !next.isBlank());
        return out;
    }

    static boolean exists(AwsSession session, String name) {
        return withPrefix(session, name).stream().anyMatch(a -> a.name().equals(name));
    }

    private static String text(Element e, String tag) {
        NodeList l = e.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : l.item(0).getTextContent().trim();
    }

    private static Instant parse(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (RuntimeException unparsable) {
            return null;
        }
    }
}

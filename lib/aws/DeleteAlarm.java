package aws;

import java.util.Map;

/** Deletes a CloudWatch alarm a run left outside its stack (DeleteAlarms ignores names that do not exist). */
final class DeleteAlarm {
    private DeleteAlarm() {}

    static void run(AwsSession session, String alarmName) {
        CloudWatchQuery.call(session, "DeleteAlarms", Map.of("AlarmNames.member.1", alarmName));
    }
}

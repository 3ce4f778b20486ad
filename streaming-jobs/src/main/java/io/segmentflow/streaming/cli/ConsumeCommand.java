package io.segmentflow.streaming.cli;

import io.segmentflow.schemas.Membership;
import io.segmentflow.streaming.output.MembershipFeed;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "consume",
    description =
        "The example sender: rebuilds a segment's current members from the membership topic,"
            + " then prints its entries and exits as they are committed.")
final class ConsumeCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(names = "--segment", required = true, description = "The segment id.")
  String segment;

  @Option(
      names = "--follow",
      defaultValue = "PT0S",
      description = "How long to follow the change topic after the rebuild (default: no follow).")
  Duration follow;

  @Option(names = "--limit", defaultValue = "10", description = "Members to print (default: 10).")
  int limit;

  @Override
  public Integer call() {
    MembershipFeed feed = new MembershipFeed(kafka.bootstrapServers, kafka.topics());
    Map<String, Membership> members = feed.currentMembers(segment);
    long contactable = members.values().stream().filter(Membership::getContactable).count();
    System.out.printf(
        "%s: %d current members (%d contactable)%n", segment, members.size(), contactable);
    members.values().stream()
        .limit(limit)
        .forEach(
            m ->
                System.out.printf(
                    "  %s since %s (%s)%n", m.getContactId(), m.getEnteredAt(), m.getReason()));
    feed.follow(
        follow,
        change -> {
          if (change.getSegmentId().equals(segment)) {
            System.out.printf(
                "%s %s %s at %s (%s)%n",
                change.getContactId(),
                change.getChange(),
                change.getSegmentId(),
                change.getChangedAt(),
                change.getReason());
          }
        });
    return 0;
  }
}

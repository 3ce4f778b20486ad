package io.segmentflow.streaming.cli;

import io.segmentflow.streaming.kafka.DefinitionsTopic;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "publish-definitions",
    description =
        "Checks a folder of segment definitions and publishes it to the definitions topic: new and"
            + " edited segments take effect in the running job, segments missing from the folder"
            + " are deleted (their members exit).")
final class PublishDefinitionsCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(names = "--definitions", required = true, description = "The definitions folder.")
  Path definitions;

  @Override
  public Integer call() throws Exception {
    List<String> ids =
        DefinitionsTopic.publish(kafka.bootstrapServers, kafka.topics(), definitions);
    System.out.println(
        "published " + ids.size() + " definitions to " + kafka.topics().definitions());
    return 0;
  }
}

package io.segmentflow.segments.eval;

import io.segmentflow.segments.data.ListAction;
import java.util.List;

/**
 * Why a contact is in or out of a segment: the membership, the latest explicit action if any, and
 * the filter's conditions as a tree, each with the value it saw and whether it held.
 */
public record Explanation(Membership membership, ListAction.Type latestAction, Node filter) {

  /** One condition of the filter tree. */
  public record Node(String condition, String seen, boolean held, List<Node> parts) {
    public Node {
      parts = parts == null ? List.of() : List.copyOf(parts);
    }
  }

  /** A readable, indented rendering, one condition a line. */
  public String render() {
    StringBuilder text = new StringBuilder();
    text.append(membership.segmentId())
        .append(": ")
        .append(membership.member() ? "IN" : "OUT")
        .append(" (")
        .append(membership.reason())
        .append(")\n");
    if (latestAction != null) {
      text.append("  latest explicit action on it: ")
          .append(latestAction)
          .append(
              membership.reason() == Membership.Reason.FILTER
                  ? " (hands the contact to the filter)"
                  : "")
          .append('\n');
    }
    if (filter != null) {
      render(filter, 1, text);
    }
    return text.toString();
  }

  private static void render(Node node, int depth, StringBuilder text) {
    text.append("  ".repeat(depth))
        .append(node.held() ? "[yes] " : "[no]  ")
        .append(node.condition());
    if (node.seen() != null) {
      text.append("   (saw ").append(node.seen()).append(')');
    }
    text.append('\n');
    node.parts().forEach(part -> render(part, depth + 1, text));
  }
}

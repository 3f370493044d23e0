package dev.custody.query;

import dev.custody.model.NodeId;
import dev.custody.store.GraphNode;
import dev.custody.store.Mention;
import dev.custody.store.NodeAttribute;
import dev.custody.store.NodeNaming;
import java.util.List;

/**
 * A node with what the log says of it.
 *
 * @param aliases the other ids of the same thing (an image's bare digest, {@code alternateOf} and
 *     {@code specializationOf} links, followed both ways and transitively)
 * @param namings every type and name a record stated, by log index (the node's type and name are
 *     the latest non-null ones)
 * @param attributes every attribute any record stated, with that record's log index
 * @param mentions the records that name the node, by log index (at most {@link
 *     LineageService#MAX_MENTIONS})
 */
public record NodeDetails(
    GraphNode node,
    List<NodeId> aliases,
    List<NodeNaming> namings,
    List<NodeAttribute> attributes,
    List<Mention> mentions) {
  public NodeDetails {
    aliases = List.copyOf(aliases);
    namings = List.copyOf(namings);
    attributes = List.copyOf(attributes);
    mentions = List.copyOf(mentions);
  }
}

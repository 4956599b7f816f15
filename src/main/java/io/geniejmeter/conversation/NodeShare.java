package io.geniejmeter.conversation;

import java.util.ArrayList;
import java.util.List;

/**
 * Which part of the sampled conversations one node of a distributed run replays: node {@code index} of
 * {@code count} takes the sampled conversations at positions {@code index}, {@code index + count}, ... (in file
 * order). Every node draws the same sample from the same seed, so the shares are disjoint and together cover the
 * sample: no conversation is replayed by two nodes, and none is left out. One node ({@link #WHOLE}) takes them all.
 *
 * @param index this node's place, from 0
 * @param count how many nodes share the conversations, at least 1
 */
public record NodeShare(int index, int count) {

    /** A run on one machine: the whole sample. */
    public static final NodeShare WHOLE = new NodeShare(0, 1);

    public NodeShare {
        if (count < 1) {
            throw new IllegalArgumentException("the number of nodes must be at least 1, not " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("node index " + index + " is not between 0 and " + (count - 1)
                    + " (GENIE_NODE_INDEX counts the " + count + " nodes of GENIE_NODE_COUNT from 0)");
        }
    }

    /**
     * This node's share of {@code sample}.
     *
     * @throws IllegalArgumentException when the sample has fewer conversations than there are nodes, so this node
     *     would replay nothing
     */
    public List<Conversation> of(List<Conversation> sample) {
        if (count == 1) {
            return sample;
        }
        if (sample.size() <= index) {
            throw new IllegalArgumentException("node " + index + " of " + count + " has no conversation to replay:"
                    + " the sample holds " + sample.size() + " (raise GENIE_SAMPLE_SIZE, export more conversations"
                    + " or use fewer nodes)");
        }
        List<Conversation> share = new ArrayList<>();
        for (int i = index; i < sample.size(); i += count) {
            share.add(sample.get(i));
        }
        return List.copyOf(share);
    }

    @Override
    public String toString() {
        return "node " + index + " of " + count;
    }
}

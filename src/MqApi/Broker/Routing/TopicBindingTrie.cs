namespace MqApi.Broker.Routing;

/// <summary>
/// Topic bindings held as a trie over dot-separated words, as RabbitMQ and NATS do, so the cost of a
/// match depends on the routing key and the patterns it meets, not on how many bindings there are.
/// At each node a word may follow its exact child, the <c>*</c> child (one word) and the <c>#</c>
/// child (zero or more words). Not thread-safe: the owning exchange serialises writers against readers.
/// </summary>
public sealed class TopicBindingTrie<T> where T : notnull
{
    private readonly Node _root = new(null, "");

    /// <summary>Number of (pattern, value) pairs held.</summary>
    public int Count { get; private set; }

    /// <summary>True when nothing is bound and no node is left behind.</summary>
    public bool IsEmpty => Count == 0 && _root.HasNoChildren;

    public bool Add(string pattern, T value)
    {
        var node = _root;
        foreach (var word in SplitWords(pattern))
        {
            node = node.GetOrAddChild(word);
        }
        node.Values ??= [];
        if (!node.Values.Add(value)) return false;
        Count++;
        return true;
    }

    public bool Remove(string pattern, T value)
    {
        var node = _root;
        foreach (var word in SplitWords(pattern))
        {
            node = node.FindChild(word);
            if (node is null) return false;
        }
        if (node.Values is null || !node.Values.Remove(value)) return false;
        Count--;
        if (node.Values.Count == 0) node.Values = null;
        // Prune the path so unbinding leaves no empty nodes behind (RabbitMQ issue #15024).
        while (node.Parent is { } parent && node.Values is null && node.HasNoChildren)
        {
            parent.RemoveChild(node.Word);
            node = parent;
        }
        return true;
    }

    /// <summary>Adds every value whose pattern matches <paramref name="routingKey"/> to <paramref name="matches"/> (a set, so each value once).</summary>
    public void Match(string routingKey, ISet<T> matches) => Match(routingKey, matches, static (value, set) => set.Add(value));

    /// <summary>
    /// Calls <paramref name="onMatch"/> for every value whose pattern matches; a value may be reported
    /// more than once when several paths through '#' reach it, so the caller deduplicates.
    /// </summary>
    public void Match<TState>(string routingKey, TState state, Action<T, TState> onMatch)
    {
        Match(_root, SplitWords(routingKey), 0, state, onMatch);
    }

    // As RabbitMQ: an empty key has no words at all (so '*' does not match it but '#' does),
    // while "a." has two, the second empty.
    private static string[] SplitWords(string key) => key.Length == 0 ? [] : key.Split('.');

    private static void Match<TState>(Node node, string[] words, int index, TState state, Action<T, TState> onMatch)
    {
        if (index == words.Length)
        {
            if (node.Values is not null)
            {
                foreach (var value in node.Values) onMatch(value, state);
            }
            // A trailing '#' matches zero more words.
            if (node.Hash is { } trailingHash) Match(trailingHash, words, index, state, onMatch);
            return;
        }
        if (node.Children is not null && node.Children.TryGetValue(words[index], out var exact))
        {
            Match(exact, words, index + 1, state, onMatch);
        }
        if (node.Star is { } star) Match(star, words, index + 1, state, onMatch);
        if (node.Hash is { } hash)
        {
            // '#' swallows zero or more words: try the rest of the pattern at every remaining position.
            for (var next = index; next <= words.Length; next++) Match(hash, words, next, state, onMatch);
        }
    }

    private sealed class Node(Node? parent, string word)
    {
        public Node? Parent { get; } = parent;
        public string Word { get; } = word;
        // Allocated on first use: most nodes have few children and many have none.
        public Dictionary<string, Node>? Children { get; private set; }
        public Node? Star { get; private set; }
        public Node? Hash { get; private set; }
        public HashSet<T>? Values { get; set; }

        public bool HasNoChildren => (Children is null || Children.Count == 0) && Star is null && Hash is null;

        public Node? FindChild(string word) => word switch
        {
            "*" => Star,
            "#" => Hash,
            _ => Children is not null && Children.TryGetValue(word, out var child) ? child : null,
        };

        public Node GetOrAddChild(string word)
        {
            if (FindChild(word) is { } existing) return existing;
            var child = new Node(this, word);
            switch (word)
            {
                case "*": Star = child; break;
                case "#": Hash = child; break;
                default: (Children ??= new Dictionary<string, Node>(StringComparer.Ordinal))[word] = child; break;
            }
            return child;
        }

        public void RemoveChild(string word)
        {
            switch (word)
            {
                case "*": Star = null; break;
                case "#": Hash = null; break;
                default: Children?.Remove(word); break;
            }
        }
    }
}

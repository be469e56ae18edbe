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
    /// Calls <paramref name="onMatch"/> for every value whose pattern matches; a value bound under several
    /// matching patterns is reported once for each, so the caller deduplicates.
    /// </summary>
    public void Match<TState>(string routingKey, TState state, Action<T, TState> onMatch)
    {
        HashSet<(Node, int)>? hashStates = null;
        Match(_root, SplitWords(routingKey), 0, state, onMatch, ref hashStates);
    }

    // As RabbitMQ: an empty key has no words at all (so '*' does not match it but '#' does),
    // while "a." has two, the second empty.
    private static string[] SplitWords(string key) => key.Length == 0 ? [] : key.Split('.');

    private static void Match<TState>(Node node, string[] words, int index, TState state, Action<T, TState> onMatch, ref HashSet<(Node, int)>? hashStates)
    {
        if (index == words.Length)
        {
            if (node.Values is not null)
            {
                foreach (var value in node.Values) onMatch(value, state);
            }
            // A trailing '#' matches zero more words.
            if (node.Hash is { } trailingHash) MatchHash(trailingHash, words, index, state, onMatch, ref hashStates);
            return;
        }
        if (node.Children is not null && node.Children.TryGetValue(words[index], out var exact))
        {
            Match(exact, words, index + 1, state, onMatch, ref hashStates);
        }
        if (node.Star is { } star) Match(star, words, index + 1, state, onMatch, ref hashStates);
        if (node.Hash is { } hash)
        {
            // '#' swallows zero or more words: try the rest of the pattern at every remaining position.
            for (var next = index; next <= words.Length; next++) MatchHash(hash, words, next, state, onMatch, ref hashStates);
        }
    }

    // A '#' node is reached at the same word along many paths (in "#.#.x" the first '#' may take any share
    // of the words), and matching on from there finds the same values each time. Going on only the first
    // time keeps the work polynomial in the number of words; without it ten '#'s against a 100-word key
    // try every split of the words and hold the vhost's lock for hours. The set is made at the first '#'
    // a key meets, so keys that meet none allocate nothing.
    private static void MatchHash<TState>(Node hash, string[] words, int index, TState state, Action<T, TState> onMatch, ref HashSet<(Node, int)>? hashStates)
    {
        if (!(hashStates ??= []).Add((hash, index))) return;
        Match(hash, words, index, state, onMatch, ref hashStates);
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

using MqApi.Broker.Routing;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Broker.Routing;

/// <summary>
/// The topic trie against a brute-force matcher written here from RabbitMQ's rules, over random patterns
/// and keys; and unbinding in random order must leave no node behind (RabbitMQ issue #15024).
/// </summary>
public sealed class TopicBindingTrieTests
{
    private const int BindingCount = 200;
    private const int KeyCount = 400;

    // A small alphabet so that patterns overlap and keys often match; "" makes empty words ("a..b").
    private static readonly string[] PatternWords = ["a", "b", "c", "", "*", "#"];
    private static readonly string[] KeyWords = ["a", "b", "c", ""];

    [Theory]
    [InlineData(15024)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void RandomBindingsMatchExactlyWhatTheReferenceMatcherMatches(int seed)
    {
        var random = new Random(seed);
        var bindings = RandomBindings(random);
        var keys = RandomKeys(random);
        var trie = new TopicBindingTrie<int>();

        foreach (var (pattern, value) in Shuffled(random, bindings)) Assert.True(trie.Add(pattern, value));

        Assert.Equal(bindings.Count, trie.Count);
        AssertMatchesReference(trie, bindings, keys);
    }

    [Theory]
    [InlineData(15024)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void UnbindingEveryBindingInRandomOrderLeavesTheTrieEmpty(int seed)
    {
        var random = new Random(seed);
        var bindings = RandomBindings(random);
        var keys = RandomKeys(random);
        var trie = new TopicBindingTrie<int>();
        foreach (var (pattern, value) in Shuffled(random, bindings)) trie.Add(pattern, value);
        var remaining = new List<(string Pattern, int Value)>(bindings);

        foreach (var binding in Shuffled(random, bindings))
        {
            Assert.True(trie.Remove(binding.Pattern, binding.Value), $"'{binding.Pattern}' -> {binding.Value} was bound");
            remaining.Remove(binding);
            // What is left must still route as before: pruning must not cut off a surviving pattern.
            if (remaining.Count % 40 == 0) AssertMatchesReference(trie, remaining, keys);
        }

        Assert.Equal(0, trie.Count);
        Assert.True(trie.IsEmpty);
        Assert.All(bindings, binding => Assert.False(trie.Remove(binding.Pattern, binding.Value)));
    }

    [Fact]
    public void NewTrieIsEmptyAndMatchesNothing()
    {
        var trie = new TopicBindingTrie<string>();

        var matches = Match(trie, "a.b");

        Assert.True(trie.IsEmpty);
        Assert.Empty(matches);
    }

    [Fact]
    public void AddingTheSameBindingTwiceKeepsOne()
    {
        var trie = new TopicBindingTrie<string>();
        trie.Add("a.#", "q");

        var added = trie.Add("a.#", "q");

        Assert.False(added);
        Assert.Equal(1, trie.Count);
        Assert.True(trie.Remove("a.#", "q"));
        Assert.True(trie.IsEmpty);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("a.b.c")]
    [InlineData("a.*")]
    [InlineData("#")]
    [InlineData("")]
    public void RemovingAPatternThatIsNotBoundChangesNothing(string pattern)
    {
        var trie = new TopicBindingTrie<string>();
        trie.Add("a.b", "q");

        var removed = trie.Remove(pattern, "q");

        Assert.False(removed);
        Assert.Equal(1, trie.Count);
        Assert.Equal(["q"], Match(trie, "a.b"));
    }

    [Fact]
    public void RemovingAValueThatIsNotBoundToThePatternChangesNothing()
    {
        var trie = new TopicBindingTrie<string>();
        trie.Add("a.b", "q1");

        var removed = trie.Remove("a.b", "q2");

        Assert.False(removed);
        Assert.Equal(["q1"], Match(trie, "a.b"));
    }

    [Fact]
    public void RemovingALongPatternKeepsAShorterPatternOnItsPath()
    {
        var trie = new TopicBindingTrie<string>();
        trie.Add("a", "short");
        trie.Add("a.#", "hash");
        trie.Add("a.#.c", "long");

        trie.Remove("a.#.c", "long");

        Assert.Equal(["hash", "short"], Match(trie, "a"));
        Assert.Equal(["hash"], Match(trie, "a.b.c"));
        Assert.False(trie.IsEmpty);
    }

    [Fact]
    public void RemovingOneValueOfAPatternKeepsTheOthers()
    {
        var trie = new TopicBindingTrie<string>();
        trie.Add("a.*", "q1");
        trie.Add("a.*", "q2");

        trie.Remove("a.*", "q1");

        Assert.Equal(["q2"], Match(trie, "a.b"));
        Assert.Equal(1, trie.Count);
    }

    [Fact]
    public void ValueBoundUnderSeveralMatchingPatternsIsMatchedOnce()
    {
        var trie = new TopicBindingTrie<string>();
        foreach (var pattern in new[] { "#", "#.#", "a.#", "#.b", "a.*", "*.b", "a.b", "a.#.b", "#.a.#.b.#" }) trie.Add(pattern, "q");
        trie.Add("c", "other");

        var matches = Match(trie, "a.b");

        Assert.Equal(["q"], matches);
    }

    [Theory]
    [InlineData("x", true)]
    [InlineData("a", false)]
    public async Task PatternOfManyHashesMatchesALongKeyWithoutTryingEverySplitOfItsWords(string lastWord, bool matches)
    {
        var trie = new TopicBindingTrie<string>();
        trie.Add(string.Join('.', Enumerable.Repeat("#", 10)) + ".x", "q");
        var routingKey = string.Join('.', Enumerable.Repeat("a", 100)) + "." + lastWord;

        // A deadline, not a timing assertion: trying every way to share 100 words among ten '#'s takes
        // hours, so a trie that does so fails here instead of stalling the run.
        var matched = await Task.Run(() => Match(trie, routingKey)).WaitAsync(TestTimeouts.Delivery);

        Assert.Equal(matches ? ["q"] : [], matched);
    }

    /// <summary>RabbitMQ's rule, written plainly: '#' is zero or more words, '*' exactly one, others themselves.</summary>
    private static bool ReferenceMatches(string[] pattern, int p, string[] key, int k)
    {
        if (p == pattern.Length) return k == key.Length;
        if (pattern[p] == "#")
        {
            return ReferenceMatches(pattern, p + 1, key, k) || (k < key.Length && ReferenceMatches(pattern, p, key, k + 1));
        }
        return k < key.Length && (pattern[p] == "*" || pattern[p] == key[k]) && ReferenceMatches(pattern, p + 1, key, k + 1);
    }

    // As RabbitMQ splits: the empty key has no words; otherwise every '.' separates two (maybe empty) words.
    private static string[] Words(string key) => key.Length == 0 ? [] : key.Split('.');

    private static void AssertMatchesReference(TopicBindingTrie<int> trie, IReadOnlyList<(string Pattern, int Value)> bindings, IEnumerable<string> keys)
    {
        var patterns = bindings.Select(b => (Words: Words(b.Pattern), b.Value)).ToList();
        foreach (var key in keys)
        {
            var keyWords = Words(key);
            var expected = patterns.Where(b => ReferenceMatches(b.Words, 0, keyWords, 0)).Select(b => b.Value).Distinct().Order().ToList();
            var actual = new HashSet<int>();
            trie.Match(key, actual);
            Assert.True(expected.SequenceEqual(actual.Order()),
                $"key '{key}': expected [{string.Join(", ", expected)}] but the trie matched [{string.Join(", ", actual.Order())}]");
        }
    }

    /// <summary>Distinct (pattern, value) pairs; values repeat across patterns, as one queue bound with several keys.</summary>
    private static List<(string Pattern, int Value)> RandomBindings(Random random)
    {
        var bindings = new HashSet<(string Pattern, int Value)>();
        while (bindings.Count < BindingCount)
        {
            bindings.Add((RandomWords(random, PatternWords), random.Next(BindingCount / 3)));
        }
        return [.. bindings];
    }

    private static List<string> RandomKeys(Random random) =>
        [.. Enumerable.Range(0, KeyCount).Select(_ => RandomWords(random, KeyWords))];

    private static string RandomWords(Random random, string[] alphabet) =>
        string.Join('.', Enumerable.Range(0, random.Next(6)).Select(_ => alphabet[random.Next(alphabet.Length)]));

    private static T[] Shuffled<T>(Random random, IEnumerable<T> items)
    {
        var array = items.ToArray();
        random.Shuffle(array);
        return array;
    }

    private static List<string> Match(TopicBindingTrie<string> trie, string routingKey)
    {
        var matches = new HashSet<string>();
        trie.Match(routingKey, matches);
        return [.. matches.Order(StringComparer.Ordinal)];
    }
}

namespace Posts.WebSockets.Tests.CrossHost;

/// <summary>
/// The cross-host classes run one after another: each starts three hosts, some write thousands of events, and one
/// measures a 1 s bound that a neighbour's load should not blur.
/// </summary>
[CollectionDefinition(Name)]
public sealed class CrossHostSequence
{
    public const string Name = "CrossHost";
}

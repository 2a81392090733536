namespace Posts.Api.Http;

/// <summary>Marks endpoints that read the bearer token, for the OpenAPI document.</summary>
internal sealed class BearerSecured
{
    public static readonly BearerSecured Instance = new();
}

/// <summary>Marks a JSON request body type: its serialized form is part of an idempotency fingerprint.</summary>
#pragma warning disable CA1040 // a marker is the point
internal interface IRequestBody;
#pragma warning restore CA1040

internal static class EndpointConventions
{
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses) builder.ProducesProblem(status);
        return builder;
    }

    public static TBuilder RequiresBearer<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(BearerSecured.Instance);
}

using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Posts.Api.Endpoints;
using Posts.Api.Http;
using Posts.Application.Common.Json;

namespace Posts.Api.OpenApi;

/// <summary>The OpenAPI 3.1 document: the bearer scheme, required on every endpoint that reads it.</summary>
internal static class OpenApiSetup
{
    private const string Bearer = "Bearer";

    public static IServiceCollection AddPostsOpenApi(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Posts HTTP API",
                Version = "v1",
                Description = "Sign in with POST /tokens, then send Authorization: Bearer <token>. Errors are RFC 9457 problem details with a `code`.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An opaque token from POST /tokens (43 characters, base64url).",
            };
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            DescribeWireTypes(schema);
            DescribeMergePatch(schema, context.JsonTypeInfo);
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            // page and limit bind as text so that a malformed one is reported by name; they are whole numbers.
            foreach (var parameter in operation.Parameters ?? [])
            {
                if (parameter is { In: ParameterLocation.Query, Name: "page" or "limit", Schema: OpenApiSchema number })
                {
                    number.Type = JsonSchemaType.Integer;
                    number.Format = "int32";
                    number.Minimum = "1";
                }
            }

            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<BearerSecured>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] });
            }

            return Task.CompletedTask;
        });
    });

    /// <summary>
    /// Numbers are written as JSON numbers (reading them from strings is only leniency), and times are strings:
    /// without this the document says <c>integer | string</c> and gives times no type (their converter is custom).
    /// </summary>
    private static void DescribeWireTypes(OpenApiSchema schema)
    {
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Integer))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        if (schema.Format == "date-time" && schema.Type is null) schema.Type = JsonSchemaType.String;
    }

    /// <summary>
    /// A merge-patch body (<see cref="Optional{T}"/> fields): every field may be left out, and one that is sent has
    /// its plain type (a <c>null</c> for a required field is refused). A <c>version</c> is read only to be refused
    /// (it belongs in If-Match), so it is not offered.
    /// </summary>
    private static void DescribeMergePatch(OpenApiSchema schema, JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object || schema.Properties is null) return;
        foreach (var property in type.Properties)
        {
            if (!property.PropertyType.IsGenericType || property.PropertyType.GetGenericTypeDefinition() != typeof(Optional<>)) continue;
            schema.Required?.Remove(property.Name);
            var inner = property.PropertyType.GetGenericArguments()[0];
            if (type.Type == typeof(PostsEndpoints.UpdatePostBody) && property.Name == "version") schema.Properties.Remove(property.Name);
            else if (inner == typeof(string)) schema.Properties[property.Name] = new OpenApiSchema { Type = JsonSchemaType.String };
        }
    }
}

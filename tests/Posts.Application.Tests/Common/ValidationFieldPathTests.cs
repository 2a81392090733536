using FluentAssertions;
using Posts.Application.Common.Behaviours;
using Posts.Application.Common.Paging;
using Posts.Application.Posts;
using Posts.Application.Posts.ListPosts;
using Posts.Application.Tests.Support;

namespace Posts.Application.Tests.Common;

/// <summary>Validation errors name fields by their camelCase wire path (SPEC §3), whatever the C# names.</summary>
public sealed class ValidationFieldPathTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task ListPosts_fails_validation_on_filter_since_for_a_bad_since()
    {
        var user = await app.CreateUserAsync();

        var error = (await app.SendAsync<Page<PostDto>>(new ListPostsQuery(Filter: new PostFilter(Since: "12/29/2014")), user.Caller))
            .ShouldFailValidationOn("filter.since");

        error.Details.Should().HaveCount(1);
    }

    [Fact]
    public async Task ListPosts_names_every_bad_field_by_its_camel_case_path()
    {
        var user = await app.CreateUserAsync();

        var error = (await app.SendAsync<Page<PostDto>>(
                new ListPostsQuery(Limit: 0, Filter: new PostFilter(Since: "soon", Until: "later", Author: "no such!")), user.Caller))
            .ShouldFailValidationOn("limit", "filter.since", "filter.until", "filter.author");

        error.Details!.Keys.Should().NotContain(k => k.Any(char.IsUpper), "these paths are all single words in camelCase");
    }

    [Theory]
    [InlineData("Filter.Since", "filter.since")]
    [InlineData("Embed[1]", "embed[1]")]
    [InlineData("NewPassword", "newPassword")]
    [InlineData("limit", "limit")]
    public void FieldPath_turns_a_property_path_into_camel_case(string path, string expected) =>
        FieldPath.ToCamelCase(path).Should().Be(expected);
}

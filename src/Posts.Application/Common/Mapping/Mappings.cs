using Mapster;
using Posts.Application.Comments;
using Posts.Application.Posts;
using Posts.Application.Users;
using Posts.Domain;

namespace Posts.Application.Common.Mapping;

/// <summary>
/// The projections from entities to DTOs, used both in memory (<c>Adapt</c>) and in queries
/// (<c>ProjectToType</c>), so list queries select only the columns a DTO has.
/// </summary>
internal static class Mappings
{
    public static TypeAdapterConfig Create()
    {
        var config = new TypeAdapterConfig();
        config.NewConfig<Post, PostDto>()
            .Map(d => d.CommentCount, s => s.Comments.Count)
            .Ignore(d => d.Author!, d => d.Comments!);
        config.NewConfig<Comment, CommentDto>();
        config.NewConfig<User, UserDto>();
        config.NewConfig<User, UserDetailsDto>();
        config.Compile();
        return config;
    }
}

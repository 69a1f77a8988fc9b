using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.CustomHeaders;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Routing.State;

namespace NameServer.Actors.Server;

// Operators' requests about topics and brokers' write permission, asked of RouteTable: the topic lists, topic
// deletion, and wiping or adding a broker's write permission.
public sealed partial class RequestDispatcher
{
    internal ValueTask<Reply> TopicListAsync(RemotingCommand request, TopicListKind kind, Func<NamesrvSettings, bool>? enabled) =>
        enabled is null || enabled(_core.Config.Settings)
            ? AskAsync<TopicList>(request, _core.RouteTable, new GetTopicList(kind), static (r, list) => Ok(r, BodyEncoder.EncodeTopicList(list)))
            : Done(Error(request, ResponseCode.SystemError, "disable"));

    internal ValueTask<Reply> GetTopicsByClusterAsync(RemotingCommand request)
    {
        if (!_core.Config.Settings.EnableTopicList)
        {
            return Done(Error(request, ResponseCode.SystemError, "disable"));
        }
        return GetTopicsByClusterRequestHeader.TryParse(request.ExtFields, out var h, out var error)
            ? AskAsync<TopicList>(request, _core.RouteTable, new GetTopicsByCluster(h.Cluster), static (r, list) => Ok(r, BodyEncoder.EncodeTopicList(list)))
            : Done(Error(request, ResponseCode.SystemError, error));
    }

    internal ValueTask<Reply> DeleteTopicAsync(RemotingCommand request) =>
        DeleteTopicRequestHeader.TryParse(request.ExtFields, out var h, out var error)
            ? AskAsync<RouteChanges>(
                request, _core.RouteTable, new DeleteTopic(h.Topic, string.IsNullOrEmpty(h.ClusterName) ? null : h.ClusterName), static (r, _) => Ok(r))
            : Done(Error(request, ResponseCode.SystemError, error));

    internal ValueTask<Reply> WipeWritePermAsync(RemotingCommand request) =>
        ChangeWritePermAsync(request, static broker => new WipeWritePerm(broker), static count => new WipeWritePermResponseHeader(count).ToExtFields());

    internal ValueTask<Reply> AddWritePermAsync(RemotingCommand request) =>
        ChangeWritePermAsync(request, static broker => new AddWritePerm(broker), static count => new AddWritePermResponseHeader(count).ToExtFields());

    // Both answer the number of topics whose permission changed, each in a header field of its own.
    private ValueTask<Reply> ChangeWritePermAsync(RemotingCommand request, Func<string, IRouteCommand> change, Func<int, ExtFields> answer) =>
        BrokerPermRequestHeader.TryParse(request.ExtFields, out var h, out var error)
            ? AskAsync<PermChangeResult>(request, _core.RouteTable, change(h.BrokerName), (r, result) => Ok(r, extFields: answer(result.TopicCount)))
            : Done(Error(request, ResponseCode.SystemError, error));
}

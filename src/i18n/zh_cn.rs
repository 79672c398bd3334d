//! The Simplified Chinese table.

use super::Key;

/// The Simplified Chinese text of `key`.
pub fn text(key: Key) -> &'static str {
    match key {
        Key::Tagline => "一条消息一条消息地看 Kubernetes 如何工作",
        Key::Language => "语言",
        Key::StageTitle => "集群",
        Key::ControlPlane => "控制平面",
        Key::ApiserverRole => "集群的入口：校验并存储每个对象",
        Key::EtcdRole => "键值存储：集群状态的唯一可信来源",
        Key::SchedulerRole => "为每个新 Pod 选择节点",
        Key::ControllerManagerRole => "控制循环：让集群趋向期望状态",
        Key::Nodes => "节点",
        Key::NodesEmpty => "还没有节点。工作节点及其 Pod 将显示在这里。",
        Key::EditorTitle => "YAML 编辑器",
        Key::EditorSoon => "在这里编写清单并应用到集群。即将推出。",
        Key::TerminalTitle => "终端",
        Key::TerminalSoon => "在这里输入 kubectl 命令。即将推出。",
        Key::InspectorTitle => "检查器",
        Key::InspectorSoon => "在集群视图中选择一个对象以查看详情。即将推出。",
        Key::EventsTitle => "事件",
        Key::EventsEmpty => "暂无事件。",
        Key::Timeline => "时间线",
        Key::Play => "播放",
        Key::TimelineSoon => "时间控制即将推出。",
        Key::Speed => "速度",
        Key::PanicTitle => "Podflow 因内部错误而停止。",
        Key::PanicAdvice => "请重新加载页面。下面的详细信息可以帮助我们修复问题。",
    }
}

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
        Key::TerminalTitle => "终端",
        Key::InspectorTitle => "检查器",
        Key::EventsTitle => "事件",
        Key::EventsEmpty => "暂无事件。",
        Key::Timeline => "时间线",
        Key::Play => "播放",
        Key::Speed => "速度",
        Key::Apply => "应用",
        Key::ApplyHint => "Ctrl+Enter 将 YAML 应用到集群",
        Key::Examples => "示例",
        Key::YamlValid => "API 服务器会接受这段 YAML（输入时即检查）",
        Key::LineLabel => "行",
        Key::Pending => "等待 kube-scheduler 调度",
        Key::PendingEmpty => "没有等待调度的 Pod",
        Key::Messages => "组件之间的消息（最新在前）",
        Key::MessagesEmpty => "还没有发生任何事：应用一段 YAML 或运行一条 kubectl 命令。",
        Key::TerminalHint => "kubectl …、podflow node|traffic … · Tab 补全 · ↑↓ 历史 · Ctrl+L 清屏",
        Key::TerminalInput => "kubectl 命令",
        Key::InspectorHint => "在集群中选择一个 Pod 或节点，查看它的 kubectl describe。",
        Key::CloseDetails => "关闭",
        Key::Pause => "暂停",
        Key::Step => "下一个事件",
        Key::Reset => "重置",
        Key::ResetConfirm => "从头重新开始集群？已应用的一切都会丢失（编辑器中的文字会保留）。",
        Key::VirtualTime => "虚拟时间",
        Key::Restarts => "次重启",
        Key::PanicTitle => "Podflow 因内部错误而停止。",
        Key::PanicAdvice => "请重新加载页面。下面的详细信息可以帮助我们修复问题。",
        // 终端（终端面板）。
        Key::TerminalKeys => "Tab 键补全。要用键盘离开终端，先按 Esc，再按 Tab。",
        Key::TerminalCompletions => "补全候选",
        Key::TerminalMore => "……另有 {n} 项",
    }
}

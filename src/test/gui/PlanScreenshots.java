import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;
import javax.swing.tree.TreePath;

import org.apache.jmeter.JMeter;
import org.apache.jmeter.gui.GuiPackage;
import org.apache.jmeter.gui.tree.JMeterTreeNode;

/**
 * Opens a test plan in the real JMeter GUI (in this JVM, started by src/test/gui/screenshot-plans.sh under a
 * virtual display), selects the plan, its thread groups and every genie-jmeter element in turn, and saves a
 * screenshot of the screen for each: the element's fields as a user sees them.
 *
 * <p>Usage: {@code java -Djmeter.home=JMETER -cp ... PlanScreenshots PLAN.jmx OUT_DIR}
 */
public final class PlanScreenshots {

    private PlanScreenshots() {
    }

    public static void main(String[] args) throws Exception {
        File plan = new File(args[0]).getAbsoluteFile();
        File outDir = new File(args[1]);
        outDir.mkdirs();
        String base = plan.getName().replace(".jmx", "");
        new JMeter().start(new String[] {"-t", plan.getPath(), "-j", new File(outDir, base + "-gui.log").getPath()});

        GuiPackage gui = waitForPlan();
        Robot robot = new Robot();
        List<String> saved = new ArrayList<>();
        for (JMeterTreeNode node : nodesToShow(gui)) {
            SwingUtilities.invokeAndWait(() -> {
                TreePath path = new TreePath(node.getPath());
                gui.getMainFrame().getTree().setSelectionPath(path);
                gui.getMainFrame().getTree().scrollPathToVisible(path);
            });
            Thread.sleep(1_500); // let the panel render
            BufferedImage shot = robot.createScreenCapture(new Rectangle(Toolkit.getDefaultToolkit().getScreenSize()));
            String name = base + "-" + node.getName().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-$", "") + ".png";
            ImageIO.write(shot, "png", new File(outDir, name));
            saved.add(name);
        }
        System.out.println("Saved " + saved.size() + " screenshots in " + outDir + ": " + saved);
        System.exit(saved.isEmpty() ? 1 : 0);
    }

    /** Waits (up to a minute) until the GUI shows the loaded plan. */
    private static GuiPackage waitForPlan() throws Exception {
        for (int i = 0; i < 120; i++) {
            GuiPackage gui = GuiPackage.getInstance();
            if (gui != null && gui.getMainFrame() != null && gui.getMainFrame().isShowing()
                    && gui.getTreeModel() != null && countNodes(gui) > 2) {
                Thread.sleep(3_000); // the look and feel finishes painting
                return gui;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the JMeter GUI did not show the plan within a minute");
    }

    private static int countNodes(GuiPackage gui) {
        return nodes(gui).size();
    }

    private static List<JMeterTreeNode> nodes(GuiPackage gui) {
        List<JMeterTreeNode> all = new ArrayList<>();
        JMeterTreeNode root = (JMeterTreeNode) gui.getTreeModel().getRoot();
        Enumeration<?> e = root.preorderEnumeration();
        while (e.hasMoreElements()) {
            all.add((JMeterTreeNode) e.nextElement());
        }
        return all;
    }

    /** The test plan, the thread groups and every io.geniejmeter element, in tree order. */
    private static List<JMeterTreeNode> nodesToShow(GuiPackage gui) throws Exception {
        AtomicReference<List<JMeterTreeNode>> result = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> {
            List<JMeterTreeNode> show = new ArrayList<>();
            for (JMeterTreeNode node : nodes(gui)) {
                if (node.getParent() == null) {
                    continue; // the invisible root
                }
                String type = node.getTestElement().getClass().getName();
                if (type.startsWith("io.geniejmeter.") || type.endsWith(".TestPlan") || type.contains("ThreadGroup")) {
                    show.add(node);
                }
            }
            result.set(show);
        });
        return result.get();
    }
}
